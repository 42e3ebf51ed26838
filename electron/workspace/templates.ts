// Agreement templates and demo text, read from resources/templates. A template is a JSON file
// describing an agreement's structure; an optional `<id>.demo.json` beside it holds sample text.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Node as PMNode } from 'prosemirror-model';
import { Area, Level, Part, type Agreement, type Section } from '../../shared/domain/agreement.ts';
import type { TemplateInfo } from '../../shared/api/contract.ts';
import { schema } from '../../shared/schema/schema.ts';
import { newClauseId } from '../../shared/schema/clauseIds.ts';
import { UserFacingError } from '../../shared/api/dispatch.ts';
import { slug } from '../../shared/domain/slug.ts';

const Key = z.string().regex(/^[a-z0-9-]+$/);

const TemplateFile = z.object({
  id: Key,
  templateTitle: z.string(),
  description: z.string(),
  title: z.string(),
  generation: z.number().int(),
  period: z.object({ from: z.number().int(), to: z.number().int() }),
  region: z.object({ id: Key, name: z.string() }),
  municipalities: z.array(z.string()).min(1),
  areas: z.array(Area),
  themeGroups: z.array(z.object({ id: Key, name: z.string(), areaId: Key })),
  /** Sections outside the theme groups (opfølgning, allonge); each theme group gets a political and
   *  a pixi section automatically. */
  sections: z.array(
    z.object({ id: Key, title: z.string(), part: Part, level: Level, partyIds: z.array(Key).optional() }),
  ),
});
type TemplateFile = z.infer<typeof TemplateFile>;

/** Demo text in a compact form: a block is {h2}, {p}, {ul}, {ol}, {table}, {subgoal} or {clause}. */
type DemoBlock =
  | { h2: string }
  | { p: string }
  | { ul: string[] }
  | { ol: string[] }
  | { table: string[][] }
  | { subgoal: Record<'title' | 'indicator' | 'measurement' | 'baseline' | 'target', string> }
  | { clause: DemoBlock[] };

const DemoBlock: z.ZodType<DemoBlock> = z.lazy(() =>
  z.union([
    z.object({ h2: z.string() }).strict(),
    z.object({ p: z.string() }).strict(),
    z.object({ ul: z.array(z.string()) }).strict(),
    z.object({ ol: z.array(z.string()) }).strict(),
    z.object({ table: z.array(z.array(z.string())) }).strict(),
    z
      .object({
        subgoal: z.object({
          title: z.string(),
          indicator: z.string(),
          measurement: z.string(),
          baseline: z.string(),
          target: z.string(),
        }),
      })
      .strict(),
    z.object({ clause: z.array(DemoBlock) }).strict(),
  ]),
);

const DemoFile = z.object({ note: z.string().optional(), sections: z.record(z.string(), z.array(DemoBlock)) });
type DemoFile = z.infer<typeof DemoFile>;

export interface LoadedTemplate {
  info: TemplateInfo;
  file: TemplateFile;
  demo: DemoFile | null;
}

/** Reads every template in a folder. A malformed template file is a packaging bug: it throws. */
export function loadTemplates(dir: string): LoadedTemplate[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.demo.json'))
    .sort()
    .map((f) => {
      const file = TemplateFile.parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      const demoPath = path.join(dir, f.replace(/\.json$/, '.demo.json'));
      const demo = fs.existsSync(demoPath) ? DemoFile.parse(JSON.parse(fs.readFileSync(demoPath, 'utf8'))) : null;
      return {
        info: { id: file.id, title: file.templateTitle, description: file.description, agreementTitle: file.title },
        file,
        demo,
      };
    });
}

/** The agreement a template describes, with the given id and title. */
export function instantiate(template: LoadedTemplate, agreementId: string, title: string | undefined, now: Date): Agreement {
  const t = template.file;
  const sections: Section[] = [];
  let order = 0;
  for (const part of ['politisk', 'sundhedsfaglig'] as const) {
    for (const g of t.themeGroups) {
      sections.push({
        id: `${g.id.replace(/^tg-/, '')}-${part}`,
        title: g.name,
        part,
        level: 'generel',
        order: order++,
        themeGroupId: g.id,
        partyIds: [],
      });
    }
  }
  for (const s of t.sections) {
    sections.push({ ...s, order: order++, themeGroupId: null, partyIds: s.partyIds ?? [] });
  }
  return {
    id: agreementId,
    title: title?.trim() || t.title,
    generation: t.generation,
    period: t.period,
    regionPartyId: t.region.id,
    createdAt: now.toISOString(),
    parties: [
      { id: t.region.id, name: t.region.name, kind: 'region' },
      ...t.municipalities.map((m) => ({ id: `kommune-${slug(m)}`, name: `${m} Kommune`, kind: 'kommune' as const })),
    ],
    areas: t.areas,
    themeGroups: t.themeGroups.map((g, i) => ({
      ...g,
      order: i,
      coChairs: { region: null, kommune: null },
      members: [],
    })),
    sections,
  };
}

/** The initial text of a section: its demo text, or one empty paragraph. */
export function initialContent(template: LoadedTemplate, sectionId: string, withDemo: boolean): PMNode {
  const blocks = withDemo ? template.demo?.sections[sectionId] : undefined;
  if (!blocks) return schema.node('doc', null, [schema.node('paragraph')]);
  return schema.node('doc', null, blocks.map(toNode));
}

export function findTemplate(templates: LoadedTemplate[], id: string): LoadedTemplate {
  const template = templates.find((t) => t.info.id === id);
  if (!template) throw new UserFacingError(`Skabelonen "${id}" findes ikke.`);
  return template;
}

function toNode(block: DemoBlock): PMNode {
  const para = (text: string) => schema.node('paragraph', null, inline(text));
  const item = (text: string) => schema.node('list_item', null, [para(text)]);
  if ('h2' in block) return schema.node('heading', { level: 2 }, inline(block.h2));
  if ('p' in block) return para(block.p);
  if ('ul' in block) return schema.node('bullet_list', null, block.ul.map(item));
  if ('ol' in block) return schema.node('ordered_list', null, block.ol.map(item));
  if ('table' in block) {
    return schema.node(
      'table',
      null,
      block.table.map((row, r) =>
        schema.node('table_row', null, row.map((cell) => schema.node(r === 0 ? 'table_header' : 'table_cell', null, [para(cell)]))),
      ),
    );
  }
  if ('subgoal' in block) {
    const g = block.subgoal;
    const field = (name: string, text: string) => schema.node(name, null, inline(text));
    return schema.node('subgoal', null, [
      field('subgoal_title', g.title),
      field('subgoal_indicator', g.indicator),
      field('subgoal_measurement', g.measurement),
      field('subgoal_baseline', g.baseline),
      field('subgoal_target', g.target),
    ]);
  }
  return schema.node('clause', { id: newClauseId() }, block.clause.map(toNode));
}

/** Plain text with **bold** runs. */
function inline(text: string): PMNode[] {
  return text
    .split(/(\*\*[^*]+\*\*)/)
    .filter((part) => part.length > 0)
    .map((part) =>
      part.startsWith('**') ? schema.text(part.slice(2, -2), [schema.marks.strong.create()]) : schema.text(part),
    );
}
