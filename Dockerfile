# The platform on compiled JavaScript (README, "Production"):
#   docker build -t projectionist .
#   docker run -p 3000:3000 -v projectionist-data:/data projectionist
# The build stage has the development dependencies (TypeScript) and the tools to compile
# better-sqlite3 where no prebuilt binary is found; the image keeps the production ones only.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY projections projections
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
RUN mkdir /data && chown node:node /data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY config config
COPY src/dashboard src/dashboard
COPY bin bin
USER node
VOLUME /data
EXPOSE 3000
# `docker exec <container> node bin/projectionist.js status` runs the compiled CLI.
CMD ["node", "--single-threaded-gc", "dist/src/main.js"]
