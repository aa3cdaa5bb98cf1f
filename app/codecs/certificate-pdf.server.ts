import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import {
  beginMarkedContent,
  endMarkedContent,
  fill,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingGrayscaleColor,
  type PDFFont,
  type PDFPage,
} from "pdf-lib";
import QRCode from "qrcode";
import { describeRecordCompetency } from "~/models/records/record-status";
import { type RecordDetail } from "~/models/records/record-listing.server";
import { formatUtcDay } from "~/time-format";

/*
 * The certificate as a PDF: A4, black on white only (it must read the same
 * printed on a black-and-white printer), DejaVu Sans embedded so names in
 * most European scripts print as written. The QR code is drawn as vector
 * squares, crisp at any size, inside a marked-content group named /QRCode so
 * that tools (and our tests) can find it. Nothing here is secret: the PDF
 * says what the public verification page says.
 */

const require = createRequire(import.meta.url);
let fontFiles: { regular: Uint8Array; bold: Uint8Array; mono: Uint8Array } | undefined;
function fonts() {
  fontFiles ??= {
    regular: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
    mono: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf")),
  };
  return fontFiles;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.25, 0.25, 0.25);
const QR_SIZE = 118;
const FOOTER_HEIGHT = QR_SIZE + 40;

export interface CertificateInput {
  record: Pick<RecordDetail, "holderName" | "programmeTitle" | "organizationName" | "issuedAt" | "validUntil" | "code" | "summary">;
  verificationUrl: string;
}

/** Splits text into lines that fit the width; a word longer than a line is broken. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The largest size up to `max` at which the text fits on one line, but never below `min` (then it wraps). */
function fittingSize(text: string, font: PDFFont, max: number, min: number, width: number): number {
  let size = max;
  while (size > min && font.widthOfTextAtSize(text, size) > width) size -= 1;
  return size;
}

function drawFrame(page: PDFPage) {
  page.drawRectangle({ x: 28, y: 28, width: PAGE.width - 56, height: PAGE.height - 56, borderColor: BLACK, borderWidth: 2 });
  page.drawRectangle({ x: 35, y: 35, width: PAGE.width - 70, height: PAGE.height - 70, borderColor: BLACK, borderWidth: 0.6 });
}

/** Dark modules as filled squares, a row's neighbours merged into one rectangle. */
function drawQrCode(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = qr.modules.size;
  const quiet = 4;
  const cell = size / (count + quiet * 2);
  const ops = [beginMarkedContent("QRCode"), pushGraphicsState(), setFillingGrayscaleColor(0)];
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && qr.modules.get(row, col)) col++;
      ops.push(rectangle(x + (quiet + start) * cell, y + size - (quiet + row + 1) * cell, (col - start) * cell, cell));
    }
  }
  ops.push(fill(), popGraphicsState(), endMarkedContent());
  page.pushOperators(...ops);
}

export async function renderCertificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const { record } = input;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const files = fonts();
  const regular = await doc.embedFont(files.regular, { subset: true });
  const bold = await doc.embedFont(files.bold, { subset: true });
  const mono = await doc.embedFont(files.mono, { subset: true });

  doc.setTitle(`Certificate of completion: ${record.programmeTitle}, ${record.holderName}`, { showInWindowTitleBar: true });
  doc.setAuthor(record.organizationName);
  doc.setSubject(`${record.holderName} completed ${record.programmeTitle} with ${record.organizationName}. Verify at ${input.verificationUrl}`);
  doc.setKeywords(["completion record", "verification code", record.code]);
  doc.setCreator("Peer Support Training");
  doc.setProducer("Peer Support Training");
  doc.setLanguage("en");
  doc.setCreationDate(new Date(record.issuedAt));
  doc.setModificationDate(new Date(record.issuedAt));

  const width = PAGE.width - MARGIN * 2;
  let page = doc.addPage([PAGE.width, PAGE.height]);
  drawFrame(page);
  let y = PAGE.height - MARGIN - 12;

  const centred = (text: string, font: PDFFont, size: number, gap: number, color = BLACK) => {
    for (const line of wrap(text, font, size, width)) {
      y -= size;
      page.drawText(line, { x: (PAGE.width - font.widthOfTextAtSize(line, size)) / 2, y, size, font, color });
      y -= size * 0.35;
    }
    y -= gap;
  };

  centred(record.organizationName, bold, 13, 14);
  centred("Certificate of completion", bold, 26, 22);
  centred("This certifies that", regular, 12, 8, GREY);
  centred(record.holderName, bold, fittingSize(record.holderName, bold, 28, 18, width), 10);
  centred("has completed the programme", regular, 12, 8, GREY);
  centred(record.programmeTitle, bold, fittingSize(record.programmeTitle, bold, 20, 14, width), 16);

  const validity = record.validUntil ? `Valid until ${formatUtcDay(record.validUntil)}` : "Does not expire";
  centred(`Issued ${formatUtcDay(record.issuedAt)}  ·  ${validity}`, regular, 12, 18);

  // The footer with the QR code and the code sits at the bottom of the first page; lists flow above it and onto more pages.
  const footerTop = MARGIN + FOOTER_HEIGHT;
  drawQrCode(page, input.verificationUrl, MARGIN - 6, MARGIN - 4, QR_SIZE);
  const textX = MARGIN + QR_SIZE + 12;
  const textWidth = PAGE.width - MARGIN - textX;
  let fy = MARGIN + QR_SIZE - 12;
  page.drawText("Check that this record is genuine and still valid:", { x: textX, y: fy, size: 10.5, font: bold, color: BLACK });
  fy -= 16;
  page.drawText("scan the QR code, or go to", { x: textX, y: fy, size: 10, font: regular, color: BLACK });
  for (const line of wrap(input.verificationUrl, regular, 10, textWidth)) {
    fy -= 14;
    page.drawText(line, { x: textX, y: fy, size: 10, font: regular, color: BLACK });
  }
  fy -= 22;
  page.drawText("Verification code", { x: textX, y: fy, size: 10, font: regular, color: BLACK });
  fy -= 22;
  page.drawText(record.code, { x: textX, y: fy, size: 18, font: mono, color: BLACK });

  let pageNumber = 1;
  const bottomLimit = () => (pageNumber === 1 ? footerTop + 8 : MARGIN + 24);
  const newPage = () => {
    page = doc.addPage([PAGE.width, PAGE.height]);
    pageNumber += 1;
    drawFrame(page);
    y = PAGE.height - MARGIN - 12;
    const heading = `${record.holderName}: ${record.programmeTitle} (continued)`;
    for (const line of wrap(heading, bold, 12, width)) {
      y -= 12;
      page.drawText(line, { x: MARGIN, y, size: 12, font: bold, color: BLACK });
      y -= 5;
    }
    y -= 12;
    page.drawText(`Verification code ${record.code}  ·  ${input.verificationUrl}`, { x: MARGIN, y: MARGIN - 6, size: 8.5, font: regular, color: BLACK });
  };
  const listHeading = (text: string) => {
    if (y - 40 < bottomLimit()) newPage();
    y -= 13;
    page.drawText(text, { x: MARGIN, y, size: 13, font: bold, color: BLACK });
    y -= 9;
  };
  const listItem = (text: string) => {
    const lines = wrap(text, regular, 10.5, width - 16);
    if (y - lines.length * 14 < bottomLimit()) newPage();
    lines.forEach((line, index) => {
      y -= 10.5;
      if (index === 0) page.drawText("•", { x: MARGIN + 2, y, size: 10.5, font: regular, color: BLACK });
      page.drawText(line, { x: MARGIN + 16, y, size: 10.5, font: regular, color: BLACK });
      y -= 3.5;
    });
    y -= 2;
  };

  if (record.summary.competencies.length > 0) {
    listHeading("Competencies covered, with the level reached");
    for (const competency of record.summary.competencies) listItem(describeRecordCompetency(competency));
    y -= 10;
  }
  if (record.summary.modules.length > 0) {
    listHeading("Modules completed");
    for (const module of record.summary.modules) listItem(module.title);
    y -= 10;
  }
  if (record.summary.signOff) {
    listHeading("Signed off by a trainer");
    listItem(`${record.summary.signOff.by}, ${formatUtcDay(record.summary.signOff.at)}`);
  }

  const pages = doc.getPages();
  if (pages.length > 1) {
    pages.forEach((p, index) => {
      const label = `Page ${index + 1} of ${pages.length}`;
      p.drawText(label, { x: PAGE.width - MARGIN - regular.widthOfTextAtSize(label, 8.5), y: 40, size: 8.5, font: regular, color: BLACK });
    });
  }
  return doc.save();
}
