//! Arbitrary bytes through the API's input checks and response bounding:
//! `document_date` parses only in its documented shapes, and a response
//! body cut into pieces for the send timeout gives back every byte, in
//! order, in pieces no larger than `transport::PIECE_BYTES`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gazette_fuzz::check_document_date(&gazette_fuzz::text_of(data));
    gazette_fuzz::check_response_pieces(data);
});
