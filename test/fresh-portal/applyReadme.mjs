#!/usr/bin/env node
/*
 * Applies the steps of the README's "Add it to your Backstage" section to a fresh Backstage app.
 * Every snippet is read out of README.md (the fenced block after `<!-- fresh-portal:<id> -->`),
 * so a step that is missing or wrong in the README fails the fresh-portal test; fix the README,
 * not this file. What this file decides is only *where* a snippet goes, and it says so in the
 * README's own words ("before backend.start()", "inside <FlatRoutes>", ...).
 *
 *   applyReadme.mjs block <id>               prints a block (the shell steps run.sh executes)
 *   applyReadme.mjs sh <id> <tarballDir> [app]  a shell block, installing @stagewatch/* from the
 *                                           packed tarballs (and into packages/<app> if given)
 *   applyReadme.mjs backend <portalDir>      backend-index into packages/backend/src/index.ts
 *   applyReadme.mjs config <portalDir>       app-config into app-config.yaml (deep merge)
 *   applyReadme.mjs catalog <portalDir>      a checkout Component with the catalog-info annotations
 *   applyReadme.mjs legacy <appDir>          the legacy App.tsx, EntityPage.tsx and Root.tsx wiring
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const readmePath = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../README.md',
);

export function readmeBlock(readme, id) {
  const marker = `<!-- fresh-portal:${id} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no block marked ${marker}`);
  const fence = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!fence) throw new Error(`README.md: no code block after ${marker}`);
  return fence[1];
}

/** A tsx snippet as the README shows it: its import statements, then one JSX element. */
function splitSnippet(block) {
  const imports = [];
  const rest = [];
  let inImport = false;
  for (const line of block.split('\n')) {
    if (line.startsWith('import ') || inImport) {
      imports.push(line);
      inImport = !line.trimEnd().endsWith(';');
    } else rest.push(line);
  }
  const jsx = rest.join('\n').trim().replace(/;$/, '');
  return { imports: imports.join('\n'), jsx };
}

function edit(file, change) {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`${file}: nothing changed`);
  writeFileSync(file, after);
}

function insertAt(text, index, what, where) {
  if (index < 0) throw new Error(`cannot find ${where}`);
  return `${text.slice(0, index)}${what}\n${text.slice(index)}`;
}

function deepMerge(target, source) {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      existing &&
      typeof existing === 'object' &&
      !Array.isArray(existing)
    )
      deepMerge(existing, value);
    else target[key] = value;
  }
  return target;
}

function addImports(text, imports) {
  return imports ? `${imports}\n${text}` : text;
}

const steps = {
  block(readme, id) {
    process.stdout.write(readmeBlock(readme, id));
  },

  sh(readme, id, tarballs, app) {
    let sh = readmeBlock(readme, id).replace(
      /@stagewatch\/backstage-plugin-([a-z-]+)/g,
      (name, short) => `${name}@file:${join(tarballs, `${short}.tgz`)}`,
    );
    if (app) sh = sh.replace(/packages\/app\b/g, `packages/${app}`);
    process.stdout.write(sh);
  },

  backend(readme, portal) {
    const file = join(portal, 'packages/backend/src/index.ts');
    edit(file, text =>
      insertAt(
        text,
        text.indexOf('backend.start();'),
        readmeBlock(readme, 'backend-index'),
        'backend.start() in packages/backend/src/index.ts',
      ),
    );
  },

  config(readme, portal) {
    const file = join(portal, 'app-config.yaml');
    const config = parse(readFileSync(file, 'utf8'));
    deepMerge(config, parse(readmeBlock(readme, 'app-config')));
    writeFileSync(file, stringify(config));
  },

  catalog(readme, portal) {
    const file = join(portal, 'examples/entities.yaml');
    const entity = deepMerge(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'checkout',
          description: 'The demo checkout service',
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
      },
      parse(readmeBlock(readme, 'catalog-info')),
    );
    edit(file, text => `${text.trimEnd()}\n---\n${stringify(entity)}`);
  },

  legacy(readme, app) {
    const route = splitSnippet(readmeBlock(readme, 'legacy-app'));
    edit(join(app, 'src/App.tsx'), text => {
      const at = text.indexOf('<FlatRoutes>');
      return addImports(
        insertAt(
          text,
          at < 0 ? at : at + '<FlatRoutes>\n'.length,
          route.jsx,
          '<FlatRoutes> in App.tsx',
        ),
        route.imports,
      );
    });

    const tab = splitSnippet(readmeBlock(readme, 'legacy-entity-tab'));
    const card = splitSnippet(readmeBlock(readme, 'legacy-entity-card'));
    edit(join(app, 'src/components/catalog/EntityPage.tsx'), text => {
      const service = text.indexOf('const serviceEntityPage = (');
      let out = insertAt(
        text,
        service < 0 ? -1 : text.indexOf('</EntityLayout>', service),
        tab.jsx,
        "serviceEntityPage's </EntityLayout> in EntityPage.tsx",
      );
      const overview = out.indexOf('const overviewContent = (');
      const end = overview < 0 ? -1 : out.indexOf('\n);', overview);
      out = insertAt(
        out,
        end < 0 ? -1 : out.lastIndexOf('</Grid>', end),
        card.jsx,
        "overviewContent's grid in EntityPage.tsx",
      );
      return addImports(
        out,
        [tab.imports, card.imports].filter(Boolean).join('\n'),
      );
    });

    const item = splitSnippet(readmeBlock(readme, 'legacy-sidebar'));
    edit(join(app, 'src/components/Root/Root.tsx'), text => {
      const create = text.indexOf('text="Create..." />');
      return addImports(
        insertAt(
          text,
          create < 0 ? -1 : create + 'text="Create..." />\n'.length,
          item.jsx,
          'the Create... sidebar item in Root.tsx',
        ),
        item.imports,
      );
    });
  },
};

const [step, target, ...rest] = process.argv.slice(2);
if (!steps[step] || !target) {
  process.stderr.write(
    'usage: applyReadme.mjs block <id> | sh <id> <tarballDir> [app] | backend|config|catalog <portalDir> | legacy <appDir>\n',
  );
  process.exit(2);
}
steps[step](readFileSync(readmePath, 'utf8'), target, ...rest);
