// The servers the install check's applications talk to, started from the repository's own test fixtures: s3rver
// (from the repository's node_modules, answering as S3 documents) and a redis-server on a free loopback port.
const path = require('node:path');
const { ROOT } = require('./packTarballs');

require(path.join(ROOT, 'test', 'support', 'registerTypeScript.js'));
const { startS3rver } = require(path.join(ROOT, 'packages', 'storage-s3', 'test', 'support', 's3rverFixture.ts'));
const { redisServerMissing, startRedisServer } = require(
  path.join(ROOT, 'packages', 'lock-redis', 'test', 'support', 'redisServer.ts'),
);

module.exports = { redisServerMissing, startRedisServer, startS3rver };
