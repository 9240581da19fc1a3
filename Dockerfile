# syntax=docker/dockerfile:1

# Build stage: dependencies are compiled in a layer of their own, so a code
# change rebuilds only Gazette itself.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY proto proto
# Cargo reads every target the manifest declares, so the dependency layer
# stands each [[bench]] and the build script (which compiles the dictionary
# module from src/) in with an empty file; the real sources come later.
RUN mkdir -p src benches \
    && echo 'fn main() {}' > build.rs \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && sed -n '/^\[\[bench\]\]/,/^name/s/^name *= *"\(.*\)"/\1/p' Cargo.toml > /tmp/benches \
    && while read -r bench; do echo 'fn main() {}' > "benches/$bench.rs"; done < /tmp/benches \
    && cargo build --release --locked --bin gazette \
    && rm -rf src
COPY build.rs ./
COPY src src
COPY data data
RUN touch build.rs src/main.rs src/lib.rs \
    && cargo build --release --locked --bin gazette

# Runtime stage: no shell, no package manager, not root.
FROM gcr.io/distroless/cc-debian12:nonroot
LABEL org.opencontainers.image.title="gazette" \
      org.opencontainers.image.description="gRPC entity extractor for news: leaders, officials, organizations, places" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.source="https://github.com/gazette/gazette" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /src/target/release/gazette /usr/local/bin/gazette
# 65532 is the "nonroot" user of the distroless image.
USER 65532:65532
EXPOSE 50051 9090
ENV GAZETTE_LISTEN=0.0.0.0:50051 \
    GAZETTE_METRICS_LISTEN=0.0.0.0:9090 \
    GAZETTE_LOG_FORMAT=json
# No shell in the image: the binary checks its own health over gRPC, on the
# port GAZETTE_LISTEN names (set GAZETTE_HEALTH_ADDR to ask elsewhere).
# Podman keeps HEALTHCHECK only in Docker-format images: build with
# `podman build --format docker`.
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/gazette", "health"]
ENTRYPOINT ["/usr/local/bin/gazette"]
CMD ["serve"]
