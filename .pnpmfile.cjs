// better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded. node-gyp
// then needs Node's headers; where the running Node ships them (as Debian's and the official
// tarballs do, under <prefix>/include/node), point node-gyp there instead of letting it try to
// download them, which fails on machines without internet access.
const fs = require('node:fs');
const path = require('node:path');

const prefix = path.dirname(path.dirname(process.execPath));
const hasHeaders = fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'));

module.exports = {
  hooks: {
    updateConfig(config) {
      if (!hasHeaders || process.env.npm_config_nodedir) return config;
      return { ...config, extraEnv: { ...config.extraEnv, npm_config_nodedir: prefix } };
    },
  },
};
