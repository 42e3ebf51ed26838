// Comment replies Word keeps: docx 9 writes comments but not commentsExtended.xml, where Word reads
// which comment answers which (w15:paraIdParent, by the w14:paraId of each comment's last
// paragraph). Added to the packed file here.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const W14 = 'http://schemas.microsoft.com/office/word/2010/wordml';
const W15 = 'http://schemas.microsoft.com/office/word/2012/wordml';

function paraId(commentId: number): string {
  return (0x10000000 + commentId).toString(16).toUpperCase();
}

/** `bytes` with every comment's last paragraph given a w14:paraId and commentsExtended.xml naming
 *  each reply's parent (`parents`: reply id → parent id). */
export function addCommentReplies(bytes: Uint8Array, parents: ReadonlyMap<number, number>): Uint8Array {
  const files = unzipSync(bytes);
  const commentsXml = strFromU8(files['word/comments.xml']);
  const ids: number[] = [];
  let withIds = commentsXml.replace(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g, (_all, attrs: string, inner: string) => {
    const id = Number(/w:id="(\d+)"/.exec(attrs)?.[1]);
    ids.push(id);
    const lastP = inner.lastIndexOf('<w:p>') >= 0 ? inner.lastIndexOf('<w:p>') : inner.lastIndexOf('<w:p ');
    if (lastP < 0) return `<w:comment${attrs}>${inner}</w:comment>`;
    const patched = `${inner.slice(0, lastP)}<w:p w14:paraId="${paraId(id)}" w14:textId="77777777"${inner.slice(lastP + 4)}`;
    return `<w:comment${attrs}>${patched}</w:comment>`;
  });
  if (!/xmlns:w14=/.test(withIds.slice(0, 2000))) withIds = withIds.replace('<w:comments ', `<w:comments xmlns:w14="${W14}" `);
  files['word/comments.xml'] = strToU8(withIds);
  const entries = ids
    .map((id) => {
      const parent = parents.get(id);
      return `<w15:commentEx w15:paraId="${paraId(id)}"${parent === undefined ? '' : ` w15:paraIdParent="${paraId(parent)}"`} w15:done="0"/>`;
    })
    .join('');
  files['word/commentsExtended.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w15="${W15}" mc:Ignorable="w15">${entries}</w15:commentsEx>`,
  );
  const types = strFromU8(files['[Content_Types].xml']);
  files['[Content_Types].xml'] = strToU8(
    types.replace('</Types>', '<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>'),
  );
  const rels = strFromU8(files['word/_rels/document.xml.rels']);
  files['word/_rels/document.xml.rels'] = strToU8(
    rels.replace('</Relationships>', '<Relationship Id="rIdEnighedCommentsEx" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>'),
  );
  return zipSync(files);
}
