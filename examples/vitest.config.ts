import { defineConfig, mergeConfig } from 'vitest/config';
import root from '../vitest.config.js';

// `npx vitest run` from this folder: the workspace's settings, with only the examples' tests.
export default mergeConfig(root, defineConfig({ test: { include: ['examples.test.ts'] } }));
