# One image for every Tsunagu service; SERVICE picks the app (platform = all in one).
#   docker build -t tsunagu .
#   docker run -e SERVICE=ingest-broker -e KAFKA_BROKERS=… -e DATABASE_URL=… tsunagu
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
COPY devices ./devices
COPY simulators ./simulators
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# production profile: every security rule is checked at start-up (README "Security")
ENV NODE_ENV=production BIND_HOST=0.0.0.0 SERVICE=platform TSUNAGU_PROFILE=production
WORKDIR /app
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/runtime-paths.js ./scripts/runtime-paths.js
USER node
EXPOSE 3000 1883 8083
# liveness: the process answers (it does from its first second, before consumers join their groups);
# readiness is GET /health (503 while a critical dependency is down)
# (over HTTPS when the API serves it: loopback, so the certificate's name is not checked)
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require(process.env.HTTP_TLS_CERT_FILE?'https':'http').get({host:'127.0.0.1',port:process.env.HTTP_PORT||3000,path:'/health/live',rejectUnauthorized:false},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
CMD ["sh", "-c", "exec node -r ./scripts/runtime-paths.js dist/apps/${SERVICE}/src/main.js"]
