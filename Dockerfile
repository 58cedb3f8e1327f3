# Builds a small image holding only the clerkbot binary.
#   docker build -t clerkbot .
#   docker run --env-file clerkbot.env -v clerkbot-data:/data clerkbot serve
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/clerkbot ./cmd/clerkbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/clerkbot /clerkbot
ENV CLERKBOT_DB=/data/clerkbot.db
VOLUME /data
USER nonroot
ENTRYPOINT ["/clerkbot"]
CMD ["version"]
