/**
 * A small multipart/form-data parser, enough for what @discordjs/rest sends (undici's FormData
 * serialisation): a `payload_json` part plus `files[n]` parts.
 */

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** undici escapes `"`, CR and LF in field names and file names as %22, %0D and %0A. */
function unescapeFieldValue(value: string): string {
  return value.replace(/%0A/gi, "\n").replace(/%0D/gi, "\r").replace(/%22/gi, '"');
}

export function boundaryOf(contentType: string): string | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundaryValue = boundaryOf(contentType);
  if (!boundaryValue) throw new Error(`multipart body without a boundary (content-type: ${contentType})`);
  const delimiter = Buffer.from(`--${boundaryValue}`);
  const nextDelimiter = Buffer.concat([CRLF, delimiter]);

  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error("multipart body does not contain its boundary");
  for (;;) {
    pos += delimiter.length;
    // "--" after a delimiter ends the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw new Error("malformed multipart delimiter line");
    pos += 2;
    const headerEnd = body.indexOf(HEADER_END, pos);
    if (headerEnd < 0) throw new Error("multipart part without a header terminator");
    const headers = new Map<string, string>();
    for (const line of body.subarray(pos, headerEnd).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const dataStart = headerEnd + HEADER_END.length;
    const dataEnd = body.indexOf(nextDelimiter, dataStart);
    if (dataEnd < 0) throw new Error("multipart part is not terminated by the boundary");

    const disposition = headers.get("content-disposition") ?? "";
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new Error(`multipart part without a name: ${disposition}`);
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    const part: MultipartPart = { name: unescapeFieldValue(name), data: body.subarray(dataStart, dataEnd) };
    if (filename !== undefined) part.filename = unescapeFieldValue(filename);
    const partType = headers.get("content-type");
    if (partType !== undefined) part.contentType = partType;
    parts.push(part);

    pos = dataEnd + CRLF.length;
  }
  return parts;
}
