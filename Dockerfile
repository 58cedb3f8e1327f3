# A small image holding only the clerkbot binary, running as a non-root user.
#
#   docker build -t clerkbot --build-arg VERSION=$(git describe --always --dirty) .
#   docker run -d --name clerkbot --env-file clerkbot.env -v clerkbot-data:/data -p 8080:8080 clerkbot
#
# clerkbot.env holds SLACK_APP_TOKEN, SLACK_BOT_TOKEN, CLERK_SECRET_KEY and the rest (see
# README); keep it out of the repository. Everything clerkbot keeps lives in /data: the
# bbolt database (confirmations, audit log, event de-duplication) and the cache of Clerk's
# OpenAPI spec, downloaded at run time so that a restart works without network. No spec
# is built into the image.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
# Only the source folders, so that a local clerkbot.db, env file or cache never reaches
# the build.
COPY cmd ./cmd
COPY bot ./bot
COPY intents ./intents
COPY clerk ./clerk
COPY confirm ./confirm
COPY store ./store
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/clerkbot ./cmd/clerkbot \
 && mkdir -p /out/data

# Static, no shell, non-root (uid 65532); it carries CA certificates for Slack, Clerk and
# GitHub.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/clerkbot /clerkbot
# /data exists in the image and belongs to the non-root user, so a new named volume is
# created writable. For a bind mount or a Kubernetes volume, make it writable by uid 65532
# (securityContext.fsGroup: 65532).
COPY --from=build --chown=65532:65532 /out/data /data
ENV CLERKBOT_DB=/data/clerkbot.db \
    CLERKBOT_CACHE_DIR=/data/cache
VOLUME /data
USER 65532:65532
# Health endpoints on CLERKBOT_HTTP_ADDR (default :8080): /healthz (the process is up),
# /readyz (the Slack socket is connected and the database answers), /metrics.
# No HEALTHCHECK: the image has no shell and no curl to run one. On Kubernetes use
#   livenessProbe: httpGet /healthz port 8080;  readinessProbe: httpGet /readyz port 8080.
EXPOSE 8080
ENTRYPOINT ["/clerkbot"]
CMD ["serve"]
