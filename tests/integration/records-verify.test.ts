import { createCanvas } from "@napi-rs/canvas";
import jsQR from "jsqr";
import { PDFDocument } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { VERIFICATION_MISS_LIMIT } from "~/limits";
import { generateVerificationCode, normalizeVerificationCode } from "~/codecs/verification-code.server";
import { createNamedMember, createTestCohort } from "../support/cohort-factories";
import { createTestOrganization } from "../support/factories";
import type { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { BASICS, createTestProgramme, dashed, issueTestRecord, makeEligible } from "../support/record-factories";
import { signedInClient } from "../support/sign-in";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * What people outside the organization see: the PDF certificate (read back
 * as text, its QR code decoded from the rendered page) and the public
 * verification page, which needs no account, says plainly whether the
 * record holds, and slows down anyone trying codes at random.
 */

let server: TestServer;
let proxied: TestServer;
let organization: { id: string; name: string; slug: string };
let admin: { id: string; email: string; password: string };
let trainer: Awaited<ReturnType<typeof createNamedMember>>;
let holder: Awaited<ReturnType<typeof createNamedMember>>;
let holderClient: HttpClient;
let adminClient: HttpClient;
let programmeId = "";
let record = { id: "", code: "" };

beforeAll(async () => {
  server = await startTestServer();
  const created = await createTestOrganization("Riverbank Peer Support");
  organization = created.organization;
  admin = created.admin;
  trainer = await createNamedMember(organization.id, "Theo Trainer", "trainer");
  holder = await createNamedMember(organization.id, "Nguyễn Thị Hoa");
  await createTestCohort({ organizationId: organization.id, trainer, name: "Group" });
  programmeId = (
    await createTestProgramme({
      organizationId: organization.id,
      adminId: admin.id,
      title: "Peer Support Practice Certificate",
      modules: [BASICS],
      competencies: [{ code: "who.role-01", minLevel: "verified" }],
      validityMonths: 24,
    })
  ).id;
  await makeEligible({ organizationId: organization.id, trainee: holder, trainer, programmeId });
  record = await issueTestRecord({ organization, admin, programmeId, trainee: holder, origin: server.origin });
  holderClient = await signedInClient(server.origin, holder);
  adminClient = await signedInClient(server.origin, admin);
});
afterAll(async () => {
  await server.stop();
  await proxied?.stop();
});

const verifyPath = (code: string) => `/verify/${dashed(code)}`;

async function renderFirstPage(pdf: Uint8Array) {
  // pdf.js takes the buffer over (detaches it): give it a copy.
  const document = await getDocument({ data: pdf.slice(), disableFontFace: true, useSystemFonts: false }).promise;
  const page = await document.getPage(1);
  const text = (await page.getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join(" ");
  const viewport = page.getViewport({ scale: 2 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext("2d");
  context.fillStyle = "white";
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  return { text, image, pages: document.numPages };
}

describe("the PDF certificate", () => {
  let pdf: Uint8Array;

  beforeAll(async () => {
    const response = await holderClient.get(`/o/${organization.slug}/learn/records/${record.id}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="peer-support-practice-certificate-[0-9a-z]{16}\.pdf"$/);
    pdf = new Uint8Array(await response.arrayBuffer());
  });

  it("reads back with the holder's name as written, the programme, organization, dates, competency and code", async () => {
    const { text } = await renderFirstPage(pdf);
    expect(text).toContain("Certificate of completion");
    expect(text).toContain("Nguyễn Thị Hoa");
    expect(text).toContain("Peer Support Practice Certificate");
    expect(text).toContain("Riverbank Peer Support");
    expect(text).toMatch(/Issued \d{1,2} \w+ \d{4} · Valid until \d{1,2} \w+ \d{4}/);
    expect(text).toContain("Engage in collaborative and caring relationships (who.role-01): Verified");
    expect(text).toContain(dashed(record.code));
    expect(text).toContain(`${server.origin}${verifyPath(record.code)}`);
  });

  it("its QR code, decoded from the rendered page, is the verification address", async () => {
    const { image } = await renderFirstPage(pdf);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(decoded?.data).toBe(`${server.origin}${verifyPath(record.code)}`);
  });

  it("is black on white only, with a title and language for screen readers", async () => {
    const document = await PDFDocument.load(pdf);
    expect(document.getTitle()).toBe("Certificate of completion: Peer Support Practice Certificate, Nguyễn Thị Hoa");
    expect(document.getAuthor()).toBe("Riverbank Peer Support");
    expect(document.getKeywords()).toContain(dashed(record.code));
    const { image } = await renderFirstPage(pdf);
    let coloured = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 16) coloured++;
    }
    expect(coloured).toBe(0);
  });

  it("only the holder downloads it; another member gets 404", async () => {
    const other = await createNamedMember(organization.id, "Other Trainee");
    const otherClient = await signedInClient(server.origin, other);
    expect((await otherClient.get(`/o/${organization.slug}/learn/records/${record.id}/pdf`)).status).toBe(404);
    expect((await holderClient.get(`/o/${organization.slug}/learn/records/${record.id}/docx`)).status).toBe(404);
    expect((await holderClient.get(`/o/${organization.slug}/learn/records/aaaaaaaaaaaaaaaa/pdf`)).status).toBe(404);
  });
});

describe("the public verification page", () => {
  it("shows a valid record to anyone, without an account", async () => {
    const response = await fetch(`${server.origin}${verifyPath(record.code)}`);
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("✓ This record is valid");
    expect(text).toContain("Riverbank Peer Support issued this record to Nguyễn Thị Hoa. It has not been revoked and is valid until");
    expect(text).toMatch(/Holder Nguyễn Thị Hoa Programme Peer Support Practice Certificate Issued by Riverbank Peer Support Issued on \d+ \w+ \d{4} Valid until \d+ \w+ \d{4}/);
    expect(text).toContain("Engage in collaborative and caring relationships (who.role-01, WHO");
    expect(text).toContain(`Verification code ${dashed(record.code)}`);
    expect(text).not.toContain(holder.email);
  });

  it("is forgiving about how the code is typed, and has one address per record", async () => {
    const typed = dashed(record.code).toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
    const viaForm = await fetch(`${server.origin}/verify?code=${encodeURIComponent(typed)}`, { redirect: "manual" });
    expect(viaForm.status).toBe(302);
    expect(viaForm.headers.get("location")).toBe(verifyPath(record.code));
    const lower = await fetch(`${server.origin}/verify/${record.code.toLowerCase()}`, { redirect: "manual" });
    expect(lower.status).toBe(301);
    expect(lower.headers.get("location")).toBe(verifyPath(record.code));
    const form = await pageText(await fetch(`${server.origin}/verify?code=ABC`));
    expect(form).toContain("A verification code has 16 letters and digits, in four groups of four. You entered 3.");
    expect(await pageText(await fetch(`${server.origin}/verify?code=${encodeURIComponent("ABCD-EFGH-JKMN-PQR!")}`))).toContain("Check these characters: !");
  });

  it("answers an unknown code with a plain 404 page", async () => {
    let unknown = generateVerificationCode();
    while (unknown === record.code) unknown = generateVerificationCode();
    const response = await fetch(`${server.origin}${verifyPath(unknown)}`);
    expect(response.status).toBe(404);
    const text = await pageText(response);
    expect(text).toContain("Page not found");
    expect(text).toContain("No completion record has this code.");
    const malformed = await fetch(`${server.origin}/verify/not-a-code`);
    expect(malformed.status).toBe(404);
    expect(await pageText(malformed)).toContain("That is not a verification code.");
  });

  it("says an expired record has expired, with the date", async () => {
    const late = await createNamedMember(organization.id, "Lee Late");
    await makeEligible({ organizationId: organization.id, trainee: late, trainer, programmeId });
    const expired = await issueTestRecord({ organization, admin, programmeId, trainee: late, origin: server.origin, now: new Date(Date.now() - 30 * 30 * 86_400_000) });
    const text = await pageText(await fetch(`${server.origin}${verifyPath(expired.code)}`));
    expect(text).toContain("! This record has expired");
    expect(text).toMatch(/It was valid until \d+ \w+ \d{4}\. Lee Late completed the programme, but the record is out of date/);
    expect(text).toContain("Status ! Expired");
  });

  it("says a revoked record was revoked, when and why", async () => {
    const response = await adminClient.post(`/o/${organization.slug}/admin/records/${record.id}`, { intent: "revoke", reason: "The trainee asked for a corrected name." });
    expect(response.status).toBe(302);
    const text = await pageText(await fetch(`${server.origin}${verifyPath(record.code)}`));
    expect(text).toContain("✕ This record was revoked");
    expect(text).toMatch(/Riverbank Peer Support revoked it on \d+ \w+ \d{4}\. Do not rely on it\./);
    expect(text).toContain("Reason given: The trainee asked for a corrected name.");
    expect(text).toContain("Status ✕ Revoked");
    expect(text).not.toContain("This record is valid");
  });
});

describe("codes", () => {
  it("carry 80 random bits in 16 characters that cannot be misread", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateVerificationCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{16}$/);
    expect(normalizeVerificationCode("7k3m q9tx-2hcr—vw8p")).toBe("7K3MQ9TX2HCRVW8P");
    expect(normalizeVerificationCode("OIL0-0000-0000-0000")).toBe("0110000000000000");
    expect(normalizeVerificationCode("7K3M-Q9TX-2HCR-VW8U")).toBeNull();
    expect(normalizeVerificationCode("7K3M-Q9TX-2HCR")).toBeNull();
    expect(normalizeVerificationCode("x".repeat(10_000))).toBeNull();
  });
});

describe("rate limit against trying codes at random", () => {
  it("an address that asks for too many unknown codes waits, for every code; other addresses do not", async () => {
    // Behind a proxy the client address comes from X-Forwarded-For (TRUST_PROXY=1, one hop).
    proxied = await startTestServer({ TRUST_PROXY: "1" });
    const from = (address: string) => ({ headers: { "x-forwarded-for": address } });
    const [valid] = await getDb().selectFrom("completion_records").select("verification_code").where("revoked_at", "is", null).execute();
    for (let i = 0; i < VERIFICATION_MISS_LIMIT; i++) {
      const response = await fetch(`${proxied.origin}${verifyPath(generateVerificationCode())}`, from("203.0.113.7"));
      expect(response.status).toBe(404);
    }
    const blocked = await fetch(`${proxied.origin}${verifyPath(valid!.verification_code)}`, from("203.0.113.7"));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await pageText(blocked)).toMatch(/Too many codes that do not exist were checked from your network.*Please wait \d+ minutes? and try again\./);
    expect((await fetch(`${proxied.origin}${verifyPath(valid!.verification_code)}`, from("198.51.100.4"))).status).toBe(200);
    // Typing slips (not codes at all) cost nothing.
    const before = (await getDb().selectFrom("verification_misses").select("id").execute()).length;
    await fetch(`${proxied.origin}/verify/hello`, from("198.51.100.4"));
    expect((await getDb().selectFrom("verification_misses").select("id").execute()).length).toBe(before);
    // Addresses are kept only as hashes.
    const keys = await getDb().selectFrom("verification_misses").select("key").execute();
    expect(keys.every((k) => /^address:[0-9a-f]{32}$/.test(k.key))).toBe(true);
  });

  it("without TRUST_PROXY a made-up X-Forwarded-For does not escape the limit", async () => {
    for (let i = 0; i < VERIFICATION_MISS_LIMIT; i++) {
      await fetch(`${server.origin}${verifyPath(generateVerificationCode())}`, { headers: { "x-forwarded-for": `192.0.2.${i}` } });
    }
    const response = await fetch(`${server.origin}${verifyPath(generateVerificationCode())}`, { headers: { "x-forwarded-for": "192.0.2.250" } });
    expect(response.status).toBe(429);
  });
});
