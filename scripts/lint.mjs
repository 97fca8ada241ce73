#!/usr/bin/env node
// Project lint: keeps the house-style arrows honest without a heavy toolchain.
//  - layering: core imports nothing outside core; ports import only core; ui never imports
//    src/data or engine/app; engine never imports src/data, src/ui or src/cli
//  - core is pure: no node: modules, Date.now(), Math.random(), console, timers
//  - files at most 400 lines; no TODO/FIXME/XXX in src
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const problems = [];
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
const files = walk(join(root, 'src')).filter((f) => /\.(ts|tsx|mjs)$/.test(f));

const layerOf = (rel) => {
  if (rel.startsWith('src/engine/core/')) return 'core';
  if (rel.startsWith('src/engine/ports/')) return 'ports';
  if (rel.startsWith('src/engine/app/')) return 'app';
  if (rel.startsWith('src/ui/')) return 'ui';
  if (rel.startsWith('src/data/')) return 'data';
  if (rel.startsWith('src/cli/')) return 'cli';
  return 'other';
};
const forbidden = {
  core: ['ports', 'app', 'ui', 'data', 'cli'],
  ports: ['app', 'ui', 'data', 'cli'],
  app: ['ui', 'data', 'cli'],
  ui: ['data', 'app', 'cli'],
  data: ['ui', 'app', 'cli'],
  cli: [],
  other: [],
};

for (const file of files) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const layer = layerOf(rel);
  if (lines.length > 400) problems.push(`${rel}: ${lines.length} lines (max 400)`);
  lines.forEach((line, i) => {
    if (/\b(TODO|FIXME|XXX)\b/.test(line)) problems.push(`${rel}:${i + 1}: leftover ${line.trim()}`);
    const m = line.match(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/);
    if (!m) return;
    const spec = m[1];
    if (layer === 'core' && (spec.startsWith('node:') || ['ws', 'postgres', 'ink', 'react', 'dotenv'].includes(spec)))
      problems.push(`${rel}:${i + 1}: core must stay pure (imports ${spec})`);
    if (!spec.startsWith('.')) return;
    const target = relative(root, resolve(dirname(file), spec));
    const tl = layerOf(target + '/');
    const tlayer = tl === 'other' ? layerOf(target) : tl;
    if (forbidden[layer].includes(tlayer)) problems.push(`${rel}:${i + 1}: ${layer} must not import ${tlayer} (${spec})`);
  });
  if (layer === 'core') {
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/\bDate\.now\(|Math\.random\(|\bconsole\.|\bsetTimeout\(|\bsetInterval\(|\bprocess\./.test(code))
        problems.push(`${rel}:${i + 1}: core must stay pure (${line.trim()})`);
    });
  }
}

if (problems.length) {
  process.stderr.write(problems.join('\n') + `\n\nlint: ${problems.length} problem(s)\n`);
  process.exit(1);
}
process.stdout.write(`lint: ${files.length} files ok\n`);
