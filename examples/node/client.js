#!/usr/bin/env node
// A Gazette client in Node.js: loads the proto at run time with
// @grpc/proto-loader (no code generation step), then
//   1. calls Extract with UTF-16 offsets, JavaScript's own string indexing,
//      on a text with emoji flags and other non-BMP characters before the
//      names, and checks text.slice(start, end) === mention.text for every
//      mention (exit 1 on a mismatch);
//   2. tags a few documents over one ExtractStream call;
//   3. asks DictionaryService.GetDictionary what is loaded.
//
// Usage: node client.js [ADDR]   (default: $GAZETTE_ADDR or localhost:50051)

"use strict";

const path = require("node:path");
const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");

const ADDR = process.argv[2] || process.env.GAZETTE_ADDR || "localhost:50051";
const PROTO_ROOT = path.resolve(__dirname, "..", "..", "proto");

// keepCase: false turns snake_case proto fields into lowerCamelCase
// (document_id -> documentId, offset_encoding -> offsetEncoding), the usual
// JavaScript style. Enums come back as their names, 64-bit integers as
// strings (no precision loss), and unset fields as their defaults.
// includeDirs lets proto-loader resolve "gazette/v1/gazette.proto" and its
// import "google/protobuf/timestamp.proto" (the well-known types ship with
// protobufjs, so no copy of them is needed in PROTO_ROOT).
const packageDefinition = protoLoader.loadSync("gazette/v1/gazette.proto", {
  includeDirs: [PROTO_ROOT],
  keepCase: false,
  enums: String,
  longs: String,
  defaults: true,
  oneofs: true,
});
const gazette = grpc.loadPackageDefinition(packageDefinition).gazette.v1;

const credentials = grpc.credentials.createInsecure();
// For several replicas behind a headless Service, balance per call instead of
// per connection (see docs/deploy.md):
//   new gazette.EntityExtractor("dns:///gazette-headless.NS.svc.cluster.local:50051",
//     credentials, {"grpc.service_config": JSON.stringify({loadBalancingConfig: [{round_robin: {}}]})})
const extractor = new gazette.EntityExtractor(ADDR, credentials);
const dictionary = new gazette.DictionaryService(ADDR, credentials);

function deadline(seconds = 10) {
  return new Date(Date.now() + seconds * 1000);
}

function unary(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: deadline() }, (err, response) =>
      err ? reject(err) : resolve(response),
    );
  });
}

// Flags (two regional indicators each), a mathematical bold letter and an
// emoji outside the Basic Multilingual Plane: each takes two UTF-16 code
// units, so UTF-8 byte offsets or code point offsets would be wrong here.
const TEXT =
  "🇰🇷🇺🇸 𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠 📰 President Lee Jae Myung met Donald Trump in Washington, " +
  "and Lee later spoke to Yonhap.";

function checkOffsets(text, mentions) {
  let bad = 0;
  for (const m of mentions) {
    const slice = text.slice(m.start, m.end);
    const ok = slice === m.text;
    if (!ok) bad += 1;
    console.log(
      `  ${ok ? "ok " : "BAD"} [${m.start}, ${m.end}) ${JSON.stringify(m.text)} ` +
        `${m.label} ${m.entityId} "${m.canonicalName}" ` +
        `(alias ${JSON.stringify(m.matchedAlias)}, ${m.source}, ${m.confidence.toFixed(2)})` +
        (ok ? "" : ` but text.slice gives ${JSON.stringify(slice)}`),
    );
  }
  return bad;
}

async function extract() {
  const response = await unary(extractor, "Extract", {
    text: TEXT,
    documentId: "node-1",
    offsetEncoding: "OFFSET_ENCODING_UTF16",
  });
  console.log(
    `Extract: ${response.mentions.length} mentions, document ${response.documentId}, ` +
      `dictionary ${response.dictionaryVersion}`,
  );
  if (response.documentId !== "node-1") {
    throw new Error(`document_id not echoed: ${JSON.stringify(response.documentId)}`);
  }
  if (response.mentions.length === 0) {
    throw new Error("Extract found no mentions");
  }
  const bad = checkOffsets(TEXT, response.mentions);
  if (bad > 0) {
    throw new Error(`${bad} mention(s) whose UTF-16 offsets do not slice to their text`);
  }
  if (!response.mentions.some((m) => m.canonicalName === "Lee Jae Myung")) {
    throw new Error("expected a mention of Lee Jae Myung");
  }
}

function extractStream() {
  const documents = [
    { documentId: "s1", text: "😀 Xi Jinping met Vladimir Putin in Moscow." },
    { documentId: "s2", text: "NATO ministers gathered in Brussels 🇧🇪." },
    { documentId: "s3", text: "" },
  ];
  return new Promise((resolve, reject) => {
    const call = extractor.ExtractStream({ deadline: deadline() });
    const responses = [];
    call.on("data", (response) => responses.push(response));
    call.on("error", reject);
    call.on("end", () => {
      try {
        if (responses.length !== documents.length) {
          throw new Error(`ExtractStream: ${responses.length} responses for ${documents.length} requests`);
        }
        let bad = 0;
        responses.forEach((response, i) => {
          const doc = documents[i];
          if (response.documentId !== doc.documentId) {
            throw new Error(`ExtractStream: response ${i} is for ${response.documentId}, not ${doc.documentId}`);
          }
          console.log(`ExtractStream ${response.documentId}: ${response.mentions.length} mentions`);
          bad += checkOffsets(doc.text, response.mentions);
        });
        if (bad > 0) throw new Error(`ExtractStream: ${bad} mention(s) with wrong offsets`);
        resolve();
      } catch (err) {
        reject(err);
      }
    });
    for (const doc of documents) {
      call.write({ ...doc, offsetEncoding: "OFFSET_ENCODING_UTF16" });
    }
    call.end();
  });
}

async function getDictionary() {
  const response = await unary(dictionary, "GetDictionary", {});
  const counts = Object.entries(response.entityCounts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, n]) => `${label}=${n}`)
    .join(" ");
  const loadedAt = response.loadedAt
    ? new Date(Number(response.loadedAt.seconds) * 1000).toISOString()
    : "?";
  console.log(
    `GetDictionary: version ${response.version}, ${response.totalEntities} entities ` +
      `(${counts}), ${response.totalAliases} aliases, loaded ${loadedAt}, ` +
      `sources ${response.sources.map((s) => `${s.name}:${s.entities}`).join(", ")}`,
  );
  if (!response.version || Number(response.totalEntities) <= 0) {
    throw new Error("GetDictionary: empty dictionary");
  }
}

async function main() {
  await extract();
  await extractStream();
  await getDictionary();
  console.log("node example: all checks passed");
}

main()
  .then(() => {
    extractor.close();
    dictionary.close();
  })
  .catch((err) => {
    console.error(`node example failed: ${err.message || err}`);
    process.exit(1);
  });
