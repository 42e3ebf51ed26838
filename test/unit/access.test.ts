// The server's access rules, one test per rule.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rightsOn } from '../../shared/access/rules.ts';
import { accessTo, grantActor, grantForToken, hashToken, newToken, readAccessFile, type AccessFile, type Grant } from '../../electron/sync/access.ts';
import { instantiate, loadTemplates } from '../../electron/workspace/templates.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { tempDir } from '../helpers/tempDir.ts';

const agreement = instantiate(loadTemplates(path.join(repoRoot, 'resources/templates'))[0], 'a1', undefined, new Date('2026-01-01'));

function grant(partial: Partial<Grant>): Grant {
  return {
    tokenSha256: hashToken(newToken()),
    name: 'X',
    organisation: 'Y',
    side: 'region',
    rights: 'member',
    themeGroupIds: [],
    agreementIds: ['a1'],
    ...partial,
  };
}

describe('access rules', () => {
  const secretariat = grant({ rights: 'secretariat' });
  const regionTraining = grant({ side: 'region', themeGroupIds: ['tg-traening'] });
  const kommuneTraining = grant({ side: 'kommune', themeGroupIds: ['tg-traening'] });
  const observer = grant({ side: 'praksis', rights: 'observer' });

  it('lets only the secretariat write the structure; participants read it', () => {
    expect(accessTo(secretariat, 'a1/structure', agreement)).toBe('write');
    expect(accessTo(regionTraining, 'a1/structure', agreement)).toBe('read');
    expect(accessTo(observer, 'a1/structure', agreement)).toBe('read');
  });

  it("lets a theme group's members write its sections, in both parts", () => {
    expect(accessTo(regionTraining, 'a1/section/traening-politisk', agreement)).toBe('write');
    expect(accessTo(kommuneTraining, 'a1/section/traening-sundhedsfaglig', agreement)).toBe('write');
  });

  // Everyone in the agreement comments on every section, so the connection is writable; what the
  // update may touch is checked item by item (shared/access/checkWrite.ts, test/unit/access-rules.test.ts).
  it("makes another group's section text read-only for a member, comments open", () => {
    expect(accessTo(regionTraining, 'a1/section/indlaeggelse-politisk', agreement)).toBe('write');
    const rights = rightsOn(grantActor(regionTraining), 'a1/section/indlaeggelse-politisk', agreement);
    expect(rights).toMatchObject({ writeText: false, comment: true, takePositionsAs: null });
  });

  it('keeps the text of sections outside theme groups and for observers read-only, the secretariat writing', () => {
    expect(rightsOn(grantActor(regionTraining), 'a1/section/opfoelgning', agreement).writeText).toBe(false);
    expect(rightsOn(grantActor(observer), 'a1/section/traening-politisk', agreement)).toMatchObject({ writeText: false, comment: true });
    expect(rightsOn(grantActor(secretariat), 'a1/section/opfoelgning', agreement).writeText).toBe(true);
    expect(accessTo(secretariat, 'a1/section/opfoelgning', agreement)).toBe('write');
  });

  it("gives one side's internal data to that side only", () => {
    expect(accessTo(regionTraining, 'a1/internal/region/traening-politisk', agreement)).toBe('write');
    expect(accessTo(kommuneTraining, 'a1/internal/region/traening-politisk', agreement)).toBe('none');
    expect(accessTo(observer, 'a1/internal/region/traening-politisk', agreement)).toBe('none');
  });

  it('refuses other agreements, unknown sections, malformed names, and a structure not created yet', () => {
    expect(accessTo(secretariat, 'a2/structure', agreement)).toBe('none');
    expect(accessTo(regionTraining, 'a1/section/findes-ikke', agreement)).toBe('none');
    expect(accessTo(secretariat, '../a1/structure', agreement)).toBe('none');
    expect(accessTo(regionTraining, 'a1/structure', null)).toBe('none');
    expect(accessTo(secretariat, 'a1/structure', null)).toBe('write');
  });
});

describe('tokens and the access file', () => {
  it('finds the grant of a token and of no other', () => {
    const token = newToken();
    const file: AccessFile = { version: 1, grants: [grant({ tokenSha256: hashToken(token), name: 'Åse' })] };
    expect(grantForToken(file, token)?.name).toBe('Åse');
    expect(grantForToken(file, newToken())).toBeNull();
  });

  it('reads a valid file and refuses a broken one with a Danish message', () => {
    const dir = tempDir();
    const good = path.join(dir, 'adgang.json');
    fs.writeFileSync(good, JSON.stringify({ version: 1, grants: [grant({})] }));
    expect(readAccessFile(good).grants).toHaveLength(1);
    const bad = path.join(dir, 'forkert.json');
    fs.writeFileSync(bad, JSON.stringify({ version: 1, grants: [{ name: 'x' }] }));
    expect(() => readAccessFile(bad)).toThrow(/Adgangsfilen .* er ugyldig/);
    expect(() => readAccessFile(path.join(dir, 'mangler.json'))).toThrow(/kunne ikke læses/);
  });
});
