// Signed positions in real Chromium on the real Node side: an agreement with a root key and a
// participant directory; the renderer verifies with WebCrypto. A genuine signed position counts and
// is named from the directory; the other side's position forged by the municipality shows as *ikke
// verificeret* with its reason and does not count; a position from before signatures shows as
// *taget før underskrifter*. The region then agrees in the app: the main process signs with this
// machine's device key, and the clause reaches Enighed.
import path from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { localDirectory } from '../../shared/identity/counted.ts';
import { writeParticipantEntry } from '../../shared/identity/directory.ts';
import { STRUCTURE_KEYS } from '../../shared/documents/keys.ts';
import { sectionClauseStatuses } from '../../shared/negotiation/overview.ts';
import { recordPosition } from '../../shared/negotiation/positionsDoc.ts';
import { sectionDocId, structureDocId } from '../../shared/structure/docIds.ts';
import { WorkspaceService } from '../../electron/workspace/service.ts';
import { repoRoot } from '../../electron/workspace/paths.ts';
import { artifactPath } from '../helpers/browser.ts';
import { identityFixture, unsignedPosition } from '../helpers/identity.ts';
import { signDeviceCert } from '../../electron/identity/sign.ts';
import { call, recordingClient } from '../helpers/serviceCalls.ts';
import { chipStatus, clauseSelector, seedWorkspaces, useRoom } from '../helpers/people.ts';
import { startHostProcess } from '../helpers/hostProcess.ts';

const room = useRoom('enighed-identity-browser-');
const SECTION = 'traening-politisk';

describe('signed positions in Chromium', () => {
  it('counts only verified positions, says why the others do not count, and signs new ones in the main process', async () => {
    const file = path.join(room.dir, 'identity.sqlite');
    seedWorkspaces(file);
    const service = WorkspaceService.open({ workspacePath: file, templatesDir: path.join(repoRoot, 'resources/templates') });
    const c = recordingClient('setup');
    const load = async (docId: string) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await call<{ update: Uint8Array }>(service, c, 'openDoc', { docId, stateVector: new Uint8Array([0]) })).update);
      return doc;
    };
    const push = async (docId: string, doc: Y.Doc, change: () => void) => {
      const before = Y.encodeStateVector(doc);
      change();
      await call(service, c, 'pushUpdate', { docId, update: Y.encodeStateAsUpdate(doc, before) });
    };
    let training: string;
    let other: string;
    try {
      const [{ id: agreementId }] = await call<{ id: string }[]>(service, c, 'listAgreements', {});
      // The agreement joins: root key and directory in its structure, pinned; this machine is the
      // region's co-chair (its device key certified by the co-chair's invitation key).
      const f = identityFixture(agreementId);
      // Both co-chairs chair the training group: they take positions on its sections (shared/access).
      f.update('regionChair', { themeGroupIds: ['tg-traening'] });
      f.update('kommuneChair', { themeGroupIds: ['tg-traening'] });
      const structure = await load(structureDocId(agreementId));
      await push(structureDocId(agreementId), structure, () => {
        structure.getMap(STRUCTURE_KEYS.meta).set('rootKey', f.root.publicKey);
        for (const person of Object.values(f.people)) writeParticipantEntry(structure, person.entry);
      });
      const region = f.people.regionChair;
      service.identity.pinRootKey(agreementId, f.root.publicKey);

      const docId = sectionDocId(agreementId, SECTION);
      const section = await load(docId);
      const clauses = sectionClauseStatuses(section, SECTION, localDirectory(agreementId));
      const entry = clauses.find((e) => e.normalised.includes('syv dage efter modtagelse'))!;
      const second = clauses.find((e) => e !== entry)!;
      training = entry.clauseId;
      other = second.clauseId;
      await push(docId, section, () => {
        // The municipality agrees, signed; and forges the region's Enig with its own key.
        f.take('kommuneChair', section, SECTION, entry.clauseId, 'enig', entry.hash);
        recordPosition(section, f.sign('kommuneChair', section, SECTION, { ...unsignedPosition(entry.clauseId, 'region', 'enig', entry.hash, 'Søren Region'), text: entry.normalised }));
        // A position from before signatures on another clause.
        recordPosition(section, { ...unsignedPosition(second.clauseId, 'kommune', 'enig', second.hash), text: second.normalised });
      });
      // Only now this machine is the region's co-chair: the positions above came from elsewhere (the
      // local push holds a joined workspace's own edits to its rights, shared/access).
      service.identity.setAgreementIdentity(agreementId, {
        participantId: region.fields.id,
        deviceCert: signDeviceCert(agreementId, region.fields.id, service.identity.deviceKey(), region.inviteSecret!, '2026-12-01T09:00:00.000Z'),
      });
      // A self-chosen profile that says municipality: once joined, it counts for nothing.
      await call(service, c, 'setProfile', { name: 'Profilnavn', organisation: 'Horsens Kommune', side: 'kommune', role: 'formand' });
    } finally {
      service.close();
    }

    const host = await startHostProcess(file);
    room.hosts.push(host);
    const page = await room.browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'da-DK' });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(host.url);
    // The profile says municipality: once joined, the side comes from the participant entry (no
    // profile is asked for, and the top bar shows the entry, confirmed).
    await page.locator('[data-testid=profile-button][data-confirmed=true]').waitFor();
    await page.getByTestId(`nav-section-${SECTION}`).click();
    await page.locator('[data-testid=section-editor] .ProseMirror').waitFor();

    // Only the municipality's genuine Enig counts (once WebCrypto has verified it).
    await expect.poll(() => chipStatus(page, training), { timeout: 15_000 }).toBe('afventer');
    expect(await chipStatus(page, other)).toBe('aaben');
    // Both chips say that a position on their clause does not count.
    const flag = (id: string) => page.locator(`${clauseSelector(id)} [data-testid=status-chip]`).getAttribute('data-flag');
    expect(await flag(other)).toContain('taget før underskrifter');
    expect(await flag(training)).toContain('ikke verificeret');
    await page.locator(`${clauseSelector(training)} [data-testid=status-chip]`).click();
    const panel = page.getByTestId('clause-panel');
    await expect.poll(() => panel.getByTestId('verdict-region').innerText()).toContain('ikke verificeret');
    expect(await panel.getByTestId('verdict-region').innerText()).toContain('Åse Kommune');
    expect(await panel.getByTestId('position-kommune').getAttribute('data-verdict')).toBe('verified');
    expect(await panel.getByTestId('position-kommune').innerText()).toContain('Åse Kommune');
    await page.screenshot({ path: artifactPath('identity-unverified.png') });

    // The region (this machine's participant) agrees: signed by the main process, it counts.
    await panel.getByTestId('agree').click();
    await expect.poll(() => chipStatus(page, training), { timeout: 15_000 }).toBe('enighed');
    await expect.poll(() => panel.getByTestId('position-region').getAttribute('data-verdict')).toBe('verified');
    expect(await panel.getByTestId('position-region').innerText()).toContain('Søren Region');
    expect(await flag(training)).toBeNull();

    await page.locator(`${clauseSelector(other)} [data-testid=status-chip]`).click();
    await expect.poll(() => panel.getByTestId('verdict-kommune').innerText()).toContain('taget før underskrifter');
    expect(pageErrors).toEqual([]);
  });
});
