import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import caseSchema from "../../docs/standards/case-v1p0-cfpackage-schema.json";
import { associationCaseIdentifier, behaviourCaseIdentifier, definitionCaseIdentifier, isUuid } from "~/codecs/case-identifier.server";
import { type CompetencyDefinition, type FrameworkDefinition, type FrameworkRow } from "~/models/competencies/framework.server";
import { describeNormalization, normalizeCasePackage } from "~/codecs/case-normalization.server";
import { slugify } from "~/models/organizations/organization.server";

/*
 * 1EdTech CASE 1.0 packages in and out. A framework is a CFDocument; each
 * competency is a CFItem of type "Competency" that isChildOf the document;
 * each of its behaviours is a CFItem of type "Behaviour" that isChildOf the
 * competency. See docs/decisions/011-case-identifiers-and-framework-exchange.md.
 */

interface LinkUri {
  title: string;
  identifier: string;
  uri: string;
}

interface CaseItem {
  identifier: string;
  uri: string;
  fullStatement: string;
  abbreviatedStatement?: string;
  humanCodingScheme?: string;
  listEnumeration?: string;
  CFItemType?: string;
  CFItemTypeURI?: LinkUri;
  language?: string;
  lastChangeDateTime: string;
  CFDocumentURI?: LinkUri;
}

interface CaseAssociation {
  identifier: string;
  uri: string;
  associationType: string;
  sequenceNumber?: number;
  originNodeURI: LinkUri;
  destinationNodeURI: LinkUri;
  lastChangeDateTime: string;
  CFDocumentURI?: LinkUri;
}

export interface CasePackage {
  CFDocument: {
    identifier: string;
    uri: string;
    creator: string;
    title: string;
    lastChangeDateTime: string;
    publisher?: string;
    description?: string;
    language?: string;
    notes?: string;
    licenseURI?: LinkUri;
    CFPackageURI?: LinkUri;
  };
  CFItems: CaseItem[];
  CFAssociations: CaseAssociation[];
  CFDefinitions?: {
    CFItemTypes?: { identifier: string; uri: string; title: string; description?: string; hierarchyCode: string; lastChangeDateTime: string }[];
    CFLicenses?: { identifier: string; uri: string; title: string; licenseText: string; lastChangeDateTime: string }[];
  };
}

export interface ExportableCompetency {
  code: string;
  title: string;
  description: string | null;
  behaviours: string[];
  case_identifier: string;
  updated_at: string;
}

const COMPETENCY_TYPE = "Competency";
const BEHAVIOUR_TYPE = "Behaviour";

/** A short title for links: CASE LinkURIs need one, and a statement can be long. */
function shorten(text: string, max = 120): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/**
 * The framework as a CASE 1.0 CFPackage. `packageUrl` is where the package is
 * served; items and associations are named by fragments of it, so every URI
 * in the package resolves to the package that describes it.
 */
export function buildCasePackage(input: { framework: Omit<FrameworkRow, "inUse">; competencies: readonly ExportableCompetency[]; packageUrl: string }): CasePackage {
  const { framework, competencies, packageUrl } = input;
  const documentId = framework.caseIdentifier;
  const documentLink: LinkUri = { title: framework.title, identifier: documentId, uri: packageUrl };
  const typeLink = (title: string): LinkUri => {
    const identifier = definitionCaseIdentifier(documentId, `item-type/${title}`);
    return { title, identifier, uri: `${packageUrl}#${identifier}` };
  };
  const competencyType = typeLink(COMPETENCY_TYPE);
  const behaviourType = typeLink(BEHAVIOUR_TYPE);
  const licenceLink = framework.licence
    ? { title: framework.licence, identifier: definitionCaseIdentifier(documentId, "licence"), uri: `${packageUrl}#licence` }
    : undefined;

  const items: CaseItem[] = [];
  const associations: CaseAssociation[] = [];
  const link = (item: CaseItem): LinkUri => ({
    title: shorten(item.abbreviatedStatement ?? item.fullStatement),
    identifier: item.identifier,
    uri: item.uri,
  });
  const childOf = (child: CaseItem, parent: LinkUri, sequenceNumber: number, changed: string) => {
    const identifier = associationCaseIdentifier(child.identifier, parent.identifier);
    associations.push({
      identifier,
      uri: `${packageUrl}#${identifier}`,
      associationType: "isChildOf",
      sequenceNumber,
      originNodeURI: link(child),
      destinationNodeURI: parent,
      lastChangeDateTime: changed,
      CFDocumentURI: documentLink,
    });
  };

  competencies.forEach((competency, index) => {
    const item: CaseItem = {
      identifier: competency.case_identifier,
      uri: `${packageUrl}#${competency.case_identifier}`,
      fullStatement: competency.description ?? competency.title,
      abbreviatedStatement: competency.title,
      humanCodingScheme: competency.code,
      listEnumeration: String(index + 1),
      CFItemType: COMPETENCY_TYPE,
      CFItemTypeURI: competencyType,
      language: "en",
      lastChangeDateTime: competency.updated_at,
      CFDocumentURI: documentLink,
    };
    items.push(item);
    childOf(item, documentLink, index + 1, competency.updated_at);
    competency.behaviours.forEach((behaviour, b) => {
      const identifier = behaviourCaseIdentifier(competency.case_identifier, b + 1);
      const child: CaseItem = {
        identifier,
        uri: `${packageUrl}#${identifier}`,
        fullStatement: behaviour,
        humanCodingScheme: `${competency.code}.${b + 1}`,
        listEnumeration: String(b + 1),
        CFItemType: BEHAVIOUR_TYPE,
        CFItemTypeURI: behaviourType,
        language: "en",
        lastChangeDateTime: competency.updated_at,
        CFDocumentURI: documentLink,
      };
      items.push(child);
      childOf(child, link(item), b + 1, competency.updated_at);
    });
  });

  return {
    CFDocument: {
      identifier: documentId,
      uri: packageUrl,
      creator: framework.publisher,
      title: framework.title,
      lastChangeDateTime: framework.updatedAt,
      publisher: framework.publisher,
      ...(framework.description ? { description: framework.description } : {}),
      language: "en",
      ...(framework.attribution ? { notes: framework.attribution } : {}),
      ...(licenceLink ? { licenseURI: licenceLink } : {}),
      CFPackageURI: documentLink,
    },
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: {
      CFItemTypes: [
        { ...competencyType, description: "A competency a peer support worker develops.", hierarchyCode: "1", lastChangeDateTime: framework.updatedAt },
        { ...behaviourType, description: "An observable behaviour that shows the competency.", hierarchyCode: "2", lastChangeDateTime: framework.updatedAt },
      ],
      CFLicenses: licenceLink
        ? [{ ...licenceLink, licenseText: framework.licence!, lastChangeDateTime: framework.updatedAt }]
        : [],
    },
  };
}

/** Headers of a public CASE response. */
export function casePackageHeaders(): Record<string, string> {
  return {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "public, max-age=300",
    // Other CASE tools read these from their own pages.
    "Access-Control-Allow-Origin": "*",
  };
}

let validator: ValidateFunction | undefined;

/** The CASE 1.0 CFPackage schema, compiled once. */
export function caseSchemaValidator(): ValidateFunction {
  if (!validator) {
    // The schema is draft-04 style with a few keywords Ajv's strict mode rejects
    // (format int32/float, a property list inside additionalProperties).
    const ajv = new Ajv({ allErrors: true, strictSchema: false, formats: { int32: true, float: true } });
    addFormats(ajv);
    validator = ajv.compile(caseSchema);
  }
  return validator;
}

/** "CFItems[3].fullStatement" from Ajv's "/CFItems/3/fullStatement". */
function jsonPath(pointer: string): string {
  if (!pointer) return "the package";
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

function describeSchemaError(error: ErrorObject): string {
  const where = jsonPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${where} is missing "${String(params.missingProperty)}".`;
    case "additionalProperties":
      return `${where} has "${String(params.additionalProperty)}", which CASE does not define.`;
    case "type":
      return `${where} must be ${error.message?.replace(/^must be /, "") ?? "of another type"}.`;
    case "pattern":
      return `${where} must be a UUID like 3f2504e0-4f89-41d3-9a0c-0305e82c3301.`;
    case "format":
      return `${where} must be a valid ${String(params.format)}.`;
    case "enum":
      return `${where} must be one of: ${(params.allowedValues as string[]).join(", ")}.`;
    default:
      return `${where} ${error.message ?? "is not valid"}.`;
  }
}

export const MAX_CASE_ITEMS = 2000;
const MAX_STATEMENT = 10_000;
export const MAX_PROBLEMS = 8;

/** An item of the package as it will be imported: a competency, or a behaviour of the competency above it. */
export interface CaseTreeNode {
  code: string | null;
  title: string;
  kind: "competency" | "behaviour";
  children: CaseTreeNode[];
}

export interface CaseReading {
  definition: FrameworkDefinition;
  /** The items in the package's own order and nesting. */
  tree: CaseTreeNode[];
  itemCount: number;
  behaviourCount: number;
  /** What was read differently from what the file says, one sentence each. */
  normalizations: string[];
}

export type CaseParseResult = ({ ok: true } & CaseReading) | { ok: false; status: 400 | 422; problems: string[] };

/**
 * Reads a CASE package into a framework definition, or says everything that
 * is wrong with it. Checks the JSON, reads the habits of real producers as
 * they were meant (case-normalization.server.ts), checks the CFPackage
 * schema, then what the schema cannot: unique identifiers, an isChildOf tree
 * without loops or strangers, and unique codes.
 */
export function parseCasePackage(text: string): CaseParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, status: 400, problems: [`The file is not JSON, so it cannot be a CASE package (${detail}).`] };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, status: 422, problems: ["The file holds JSON, but not a CASE package: it must be one object with a CFDocument."] };
  }
  const { data, normalizations } = normalizeCasePackage(raw as Record<string, unknown>);
  const validate = caseSchemaValidator();
  if (!validate(data)) {
    const messages = [...new Set((validate.errors ?? []).filter((e) => e.keyword !== "oneOf" && e.keyword !== "if").map(describeSchemaError))];
    const problems = messages.slice(0, MAX_PROBLEMS);
    if (messages.length > MAX_PROBLEMS) problems.push(`… and ${messages.length - MAX_PROBLEMS} more.`);
    return { ok: false, status: 422, problems };
  }
  const pkg = data as Partial<CasePackage> & { CFDocument: CasePackage["CFDocument"] };
  const items = pkg.CFItems ?? [];
  const associations = pkg.CFAssociations ?? [];
  const problems: string[] = [];
  const refuse = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };

  // The schema's UUID pattern is unanchored; ours is strict.
  const documentId = pkg.CFDocument.identifier.toLowerCase();
  if (!isUuid(documentId)) refuse("CFDocument.identifier must be a UUID and nothing else.");
  if (!pkg.CFDocument.title.trim()) refuse("CFDocument.title is empty: the framework needs a name.");
  if (items.length === 0) refuse("The package has no CFItems, so there are no competencies to import.");
  if (items.length > MAX_CASE_ITEMS) refuse(`The package has ${items.length} items; this platform takes up to ${MAX_CASE_ITEMS}.`);
  if (problems.length) return { ok: false, status: 422, problems };

  const itemById = new Map<string, { item: CaseItem; index: number }>();
  items.forEach((item, index) => {
    const id = item.identifier.toLowerCase();
    if (!isUuid(id)) refuse(`CFItems[${index}].identifier must be a UUID and nothing else.`);
    else if (id === documentId || itemById.has(id)) refuse(`CFItems[${index}] uses the identifier ${id}, which is already used in this package.`);
    if (!item.fullStatement.trim()) refuse(`CFItems[${index}].fullStatement is empty.`);
    if (item.fullStatement.length > MAX_STATEMENT) refuse(`CFItems[${index}].fullStatement is longer than ${MAX_STATEMENT.toLocaleString("en")} characters.`);
    itemById.set(id, { item, index });
  });

  // Each item's parent: the first isChildOf that names it. Other associations are not used here.
  const parentOf = new Map<string, { parent: string; sequence: number; order: number }>();
  associations.forEach((association, order) => {
    if (association.associationType !== "isChildOf") return;
    const child = association.originNodeURI.identifier.toLowerCase();
    const parent = association.destinationNodeURI.identifier.toLowerCase();
    if (!itemById.has(child)) {
      refuse(`CFAssociations[${order}] says ${child} isChildOf something, but there is no item ${child} in the package.`);
      return;
    }
    if (parent !== documentId && !itemById.has(parent)) {
      refuse(`CFAssociations[${order}] puts item ${child} under ${parent}, which is neither the CFDocument nor an item in the package.`);
      return;
    }
    if (!parentOf.has(child)) parentOf.set(child, { parent, sequence: association.sequenceNumber ?? Number.MAX_SAFE_INTEGER, order });
  });
  for (const id of itemById.keys()) {
    const seen = new Set<string>([id]);
    for (let at = parentOf.get(id)?.parent; at && at !== documentId; at = parentOf.get(at)?.parent) {
      if (seen.has(at)) {
        refuse(`The isChildOf associations go round in a circle through item ${id}.`);
        break;
      }
      seen.add(at);
    }
  }
  if (problems.length) return { ok: false, status: 422, problems };

  // Walk the tree in order: sequenceNumber, then the order associations came in; items with no parent go last, under the document.
  const children = new Map<string, string[]>();
  const sortKey = (id: string) => parentOf.get(id) ?? { sequence: Number.MAX_SAFE_INTEGER, order: Number.MAX_SAFE_INTEGER + itemById.get(id)!.index };
  for (const id of itemById.keys()) {
    const parent = parentOf.get(id)?.parent ?? documentId;
    children.set(parent, [...(children.get(parent) ?? []), id]);
  }
  for (const list of children.values()) list.sort((a, b) => sortKey(a).sequence - sortKey(b).sequence || sortKey(a).order - sortKey(b).order);

  const isBehaviour = (item: CaseItem) => /^behaviou?rs?$/i.test((item.CFItemType ?? item.CFItemTypeURI?.title ?? "").trim());
  const competencies: CompetencyDefinition[] = [];
  const byItem = new Map<string, CompetencyDefinition>();
  const generatedCodes: string[] = [];
  let behaviourCount = 0;
  const visit = (parentId: string): CaseTreeNode[] =>
    (children.get(parentId) ?? []).map((id) => {
      const { item } = itemById.get(id)!;
      const parentCompetency = byItem.get(parentId);
      const full = item.fullStatement.trim();
      let node: CaseTreeNode;
      if (isBehaviour(item) && parentCompetency) {
        behaviourCount += 1;
        parentCompetency.behaviours.push(full);
        node = { code: null, title: full, kind: "behaviour", children: [] };
      } else {
        const short = item.abbreviatedStatement?.trim();
        const given = item.humanCodingScheme?.trim();
        const competency: CompetencyDefinition = {
          caseIdentifier: id,
          code: given || `item-${competencies.length + 1}`,
          title: short || shorten(full, 200),
          description: short ? (full !== short ? full : null) : full.length > 200 ? full : null,
          behaviours: [],
        };
        if (!given) generatedCodes.push(competency.code);
        competencies.push(competency);
        byItem.set(id, competency);
        node = { code: competency.code, title: competency.title, kind: "competency", children: [] };
      }
      node.children = visit(id);
      return node;
    });
  const tree = visit(documentId);

  const codes = new Map<string, string>();
  for (const competency of competencies) {
    const other = codes.get(competency.code);
    if (other) refuse(`Two items use the code "${competency.code}" (${other} and ${competency.caseIdentifier}). Give each item its own humanCodingScheme.`);
    else codes.set(competency.code, competency.caseIdentifier);
    if (competency.code.length > 100) refuse(`The code "${shorten(competency.code, 40)}" is longer than 100 characters.`);
  }
  if (problems.length) return { ok: false, status: 422, problems };

  const unplaced = items.length - parentOf.size;
  const document = pkg.CFDocument;
  const licence = document.licenseURI?.title?.trim() || pkg.CFDefinitions?.CFLicenses?.[0]?.title?.trim() || null;
  return {
    ok: true,
    definition: {
      caseIdentifier: documentId,
      slug: slugify(document.title),
      title: shorten(document.title, 300),
      publisher: (document.publisher?.trim() || document.creator.trim() || "Unknown publisher").slice(0, 300),
      description: document.description?.trim() || null,
      licence,
      attribution: document.notes?.trim() || null,
      competencies,
    },
    tree,
    itemCount: items.length,
    behaviourCount,
    normalizations: [
      ...normalizations.map(describeNormalization),
      ...(generatedCodes.length > 0
        ? [
            `${generatedCodes.length === 1 ? "1 item has" : `${generatedCodes.length} items have`} no code (humanCodingScheme), so ${generatedCodes.length === 1 ? "it was" : "they were"} given one: ${generatedCodes.slice(0, 3).join(", ")}${generatedCodes.length > 3 ? " and so on" : ""}.`,
          ]
        : []),
      ...(unplaced > 0
        ? [`${unplaced === 1 ? "1 item is" : `${unplaced} items are`} not placed under anything (no isChildOf), so ${unplaced === 1 ? "it was" : "they were"} put at the top, after the others.`]
        : []),
    ],
  };
}
