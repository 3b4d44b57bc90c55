import { describe, expect, it } from "vitest";
import { checkPublicUrl, MAX_URL_LENGTH, type UrlCheck } from "../../src/projects/url";

const FIELDS = ["url", "repo"] as const;

function reasonOf(check: UrlCheck): string {
  if (check.ok) throw new Error(`expected a refusal, got ok: ${check.url}`);
  return check.reason;
}

/** A URL of exactly `length` characters on a public host. */
function urlOfLength(length: number): string {
  const prefix = "https://example.com/";
  return prefix + "a".repeat(length - prefix.length);
}

describe("checkPublicUrl accepts public http(s) links", () => {
  it.each([
    // [input, normalised href]
    ["https://myapp.fly.dev", "https://myapp.fly.dev/"],
    ["http://myapp.fly.dev/", "http://myapp.fly.dev/"],
    ["https://github.com/you/myapp", "https://github.com/you/myapp"],
    ["  https://myapp.fly.dev/path  ", "https://myapp.fly.dev/path"],
    ["\thttps://myapp.fly.dev\n", "https://myapp.fly.dev/"],
    ["HTTPS://MyApp.Fly.DEV/Path", "https://myapp.fly.dev/Path"],
    ["https://myapp.fly.dev:443/", "https://myapp.fly.dev/"],
    ["http://myapp.fly.dev:80/", "http://myapp.fly.dev/"],
    ["https://myapp.fly.dev:8443/x", "https://myapp.fly.dev:8443/x"],
    ["https://myapp.fly.dev/a b?q=1 2#frag", "https://myapp.fly.dev/a%20b?q=1%202#frag"],
    ["https://bücher.de/", "https://xn--bcher-kva.de/"],
    ["https://example.com./", "https://example.com./"],
    ["https://my_app.example.com/", "https://my_app.example.com/"],
    ["https://@example.com/", "https://example.com/"], // empty credentials are dropped
    // Does not resolve, but logging never looks names up.
    ["https://not-deployed-yet.example/", "https://not-deployed-yet.example/"],
    ["http://93.184.216.34/", "http://93.184.216.34/"],
    ["http://1.1.1.1:8080/", "http://1.1.1.1:8080/"],
    ["http://172.15.255.255/", "http://172.15.255.255/"], // just below 172.16/12
    ["http://172.32.0.1/", "http://172.32.0.1/"], // just above 172.16/12
    ["http://100.63.255.255/", "http://100.63.255.255/"], // just below 100.64/10
    ["http://100.128.0.1/", "http://100.128.0.1/"], // just above 100.64/10
    ["http://198.20.0.1/", "http://198.20.0.1/"], // just above 198.18/15
    ["http://192.0.1.1/", "http://192.0.1.1/"], // just above 192.0.0/24
    ["http://223.255.255.255/", "http://223.255.255.255/"], // just below multicast
    ["http://[2606:4700::1111]/", "http://[2606:4700::1111]/"],
    ["http://[2606:4700:0:0:0:0:0:1111]/", "http://[2606:4700::1111]/"],
    ["http://[::ffff:93.184.216.34]/", "http://[::ffff:5db8:d822]/"], // IPv4-mapped public address
  ])("%j", (input, href) => {
    for (const field of FIELDS) {
      expect(checkPublicUrl(input, field)).toEqual({ ok: true, url: href });
    }
  });

  it(`accepts exactly ${MAX_URL_LENGTH} characters`, () => {
    const input = urlOfLength(MAX_URL_LENGTH);
    expect(input).toHaveLength(2048);
    expect(checkPublicUrl(input, "url")).toEqual({ ok: true, url: input });
  });

  it("measures the limit after trimming", () => {
    const input = urlOfLength(MAX_URL_LENGTH);
    expect(checkPublicUrl(`   ${input}   `, "repo")).toEqual({ ok: true, url: input });
  });
});

describe.each(FIELDS)("checkPublicUrl refuses, naming the %s field", (field) => {
  const refused = (input: string) => {
    const reason = reasonOf(checkPublicUrl(input, field));
    expect(reason.startsWith(`The ${field} `)).toBe(true);
    return reason;
  };

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["\n\t", /empty/],
  ])("empty input %j", async (input, why) => {
    expect(await refused(input)).toMatch(why);
  });

  it("2,049 characters", async () => {
    const input = urlOfLength(MAX_URL_LENGTH + 1);
    const reason = await refused(input);
    expect(reason).toMatch(/longer than 2,048 characters —/);
    expect(reason).not.toContain("aaaaaaaaaa");
  });

  it("input that only exceeds the limit once percent-encoded", async () => {
    const input = `https://example.com/${"é".repeat(400)}`;
    expect(input.length).toBeLessThan(MAX_URL_LENGTH);
    expect(await refused(input)).toMatch(/longer than 2,048 characters once/);
  });

  it.each([
    "myapp.fly.dev",
    "myapp.fly.dev/path",
    "www.example.com",
    "myapp.fly.dev:8080",
    "localhost:3000",
    "//myapp.fly.dev/",
  ])("missing scheme %j, with a hint to add https://", async (input) => {
    const reason = await refused(input);
    expect(reason).toMatch(/must start with https:\/\//);
    expect(reason).toMatch(/for example https:\/\//);
  });

  it.each([
    ["ftp://files.example.com/app.zip", "ftp:"],
    ["javascript:alert(1)", "javascript:"],
    ["data:text/html,<script>alert(1)</script>", "data:"],
    ["file:///etc/passwd", "file:"],
    ["mailto:me@example.com", "mailto:"],
    ["ws://example.com/socket", "ws:"],
    ["wss://example.com/socket", "wss:"],
    ["gopher://example.com/", "gopher:"],
  ])("non-web scheme %j", async (input, scheme) => {
    const reason = await refused(input);
    expect(reason).toMatch(/http:\/\/ or https:\/\//);
    expect(reason).toContain(`${scheme} links are not accepted`);
  });

  it.each([
    "https://exa mple.com/",
    "https://example.com:99999/",
    "http://",
    "https://[fe80::1%25eth0]/",
    "http://999.1.1.1/",
  ])("unparseable URL %j", async (input) => {
    expect(await refused(input)).toMatch(/not a valid web address/);
  });

  it.each([
    "https://user:pass@example.com/",
    "https://user@example.com/",
    "https://:secret@example.com/",
    "https://example.com@evil.example/",
  ])("credentials in %j", async (input) => {
    const reason = await refused(input);
    expect(reason).toMatch(/user name or password/);
    expect(reason).not.toMatch(/pass@|secret/);
  });

  it.each([
    "http://localhost/",
    "http://LOCALHOST:3000/",
    "http://localhost./",
    "http://app.localhost/",
    "http://printer.local/",
    "http://api.internal/",
    "http://nas.home.arpa/",
    "http://router.lan/",
  ])("local-only host name %j", async (input) => {
    expect(await refused(input)).toMatch(/only works on your own machine or network/);
  });

  it.each(["http://intranet/", "http://intranet./", "https://wiki:8080/"])(
    "single-label host %j",
    async (input) => {
      expect(await refused(input)).toMatch(/not a public domain name/);
    },
  );

  it.each([
    "http://./",
    "http://../",
    "http://a..b/",
    "http://.example.com/",
    "http://ex*ample.com/",
    "http://ex`ample.com/",
    `http://${"a".repeat(64)}.com/`,
    `http://${Array.from({ length: 64 }, () => "abc").join(".")}.com/`, // over 253 characters
  ])("malformed host name %j", async (input) => {
    expect(await refused(input)).toMatch(/does not have a valid host name/);
  });

  it.each([
    // [input, what the URL parser normalises it to]
    ["http://0.0.0.0/", "0.0.0.0"],
    ["http://0/", "0.0.0.0"],
    ["http://0.1.2.3/", "0.1.2.3"],
    ["http://10.0.0.1/", "10.0.0.1"],
    ["http://10.255.255.255/", "10.255.255.255"],
    ["http://100.64.0.1/", "100.64.0.1"],
    ["http://100.127.255.255/", "100.127.255.255"],
    ["http://127.0.0.1/", "127.0.0.1"],
    ["http://127.255.255.254:8080/", "127.255.255.254"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
    ["http://172.16.0.1/", "172.16.0.1"],
    ["http://172.31.255.255/", "172.31.255.255"],
    ["http://192.0.0.8/", "192.0.0.8"],
    ["http://192.168.1.10/", "192.168.1.10"],
    ["http://198.18.0.1/", "198.18.0.1"],
    ["http://198.19.255.255/", "198.19.255.255"],
    ["http://224.0.0.1/", "224.0.0.1"],
    ["http://239.255.255.250/", "239.255.255.250"],
    ["http://240.0.0.1/", "240.0.0.1"],
    ["http://255.255.255.255/", "255.255.255.255"],
    // Other spellings of loopback that `new URL` rewrites to 127.0.0.1.
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://%31%32%37.0.0.1/", "127.0.0.1"],
    ["http://0xa9fea9fe/", "169.254.169.254"],
  ])("private IPv4 %j", async (input, host) => {
    const reason = await refused(input);
    expect(reason).toMatch(/private or local network address/);
    expect(reason).toContain(`"${host}"`);
  });

  it.each([
    "http://[::]/",
    "http://[::1]/",
    "http://[0:0:0:0:0:0:0:1]:8080/",
    "http://[fc00::1]/",
    "http://[fd12:3456:789a::1]/",
    "http://[fe80::1]/",
    "http://[febf::1]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:192.168.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::127.0.0.1]/", // deprecated IPv4-compatible form
  ])("private IPv6 %j", async (input) => {
    expect(await refused(input)).toMatch(/private or local network address/);
  });

  it("caps a long host name when echoing it", async () => {
    const host = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.local`;
    const reason = await refused(`http://${host}/`);
    expect(reason).not.toContain(host);
    expect(reason).toContain("…");
    expect(reason.length).toBeLessThan(300);
  });

  it("keeps every refusal short, whatever the input", async () => {
    const inputs = [
      `myapp.fly.dev/${"x".repeat(2000)}`,
      `ftp://example.com/${"x".repeat(2000)}`,
      `https://user:pass@example.com/${"x".repeat(2000)}`,
      `http://127.0.0.1/${"x".repeat(2000)}`,
      `${"x".repeat(2000)}:rest`,
      "x".repeat(5000),
    ];
    for (const input of inputs) {
      const reason = await refused(input);
      expect(reason.length).toBeLessThan(300);
      expect(reason).not.toContain("xxxxxxxxxx");
    }
  });
});

describe("checkPublicUrl refuses the non-public addresses of issue 9 (defect 7)", () => {
  it.each([
    "http://[::ffff:0:127.0.0.1]/", // SIIT ::ffff:0:0/96
    "http://[64:ff9b::127.0.0.1]/", // NAT64 to loopback
    "http://[64:ff9b::10.1.2.3]/", // NAT64 to private
    "http://[64:ff9b:1::8.8.8.8]/", // NAT64 local-use prefix
    "http://[2002:7f00:1::1]/", // 6to4 of 127.0.0.1
    "http://[2002:c0a8:101::1]/", // 6to4 of 192.168.1.1
    "http://[2002:a9fe:a9fe::1]/", // 6to4 of 169.254.169.254
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", // Teredo
    "http://[fec0::1]/", // deprecated site-local
    "http://[::ffff:100.64.0.1]/", // mapped shared address space
    "http://[::ffff:224.0.0.1]/", // mapped multicast
    "http://[::8.8.8.8]/", // IPv4-compatible, never routed
    "http://[2001:db8::1]/", // documentation
    "http://192.0.2.1/", // documentation (TEST-NET-1)
    "http://203.0.113.9/", // documentation (TEST-NET-3)
  ])("%j", (input) => {
    expect(reasonOf(checkPublicUrl(input, "url"))).toMatch(/private or local network address/);
  });

  it.each([
    "http://localhost.localdomain/",
    "http://test.localdomain/",
    "http://LOCALDOMAIN/",
    "http://a.b.localhost/",
    "http://metadata.google.internal/",
  ])("%j", (input) => {
    expect(reasonOf(checkPublicUrl(input, "url"))).toMatch(/only works on your own machine or network/);
  });

  it.each([
    ["http://[64:ff9b::8.8.8.8]/", "http://[64:ff9b::808:808]/"], // NAT64 to a public address
    ["http://[2002:808:808::1]/", "http://[2002:808:808::1]/"], // 6to4 of 8.8.8.8
  ])("still accepts a public IPv4 behind an IPv6 form %j", (input, href) => {
    expect(checkPublicUrl(input, "url")).toEqual({ ok: true, url: href });
  });
});

describe("checkPublicUrl stores only RFC 3986 characters", () => {
  it("percent-encodes what could close or open a Markdown link", () => {
    const check = checkPublicUrl("https://example.com/)[Click here](https://evil.example/login)", "url");
    expect(check).toEqual({
      ok: true,
      url: "https://example.com/)%5BClick%20here%5D(https://evil.example/login)",
    });
  });

  it.each([
    [
      "https://e.com/a[b]|c^d?x=[1]|^{}#[f]|^{}",
      "https://e.com/a%5Bb%5D%7Cc%5Ed?x=%5B1%5D%7C%5E%7B%7D#%5Bf%5D%7C%5E%7B%7D",
    ],
    ["https://e.com/`x`", "https://e.com/%60x%60"],
  ])("%j", (input, href) => {
    expect(checkPublicUrl(input, "url")).toEqual({ ok: true, url: href });
  });
});
