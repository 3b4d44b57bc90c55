import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bareLink, linkTarget } from "../../src/text/links";

describe("linkTarget and bareLink", () => {
  it("cannot be closed early by the URL (issue 9, defect 7)", () => {
    const evil = "https://example.com/)[Click here](https://evil.example/login)";
    expect(linkTarget(evil)).toBe(
      "https://example.com/%29%5BClick%20here%5D%28https://evil.example/login%29",
    );
    expect(bareLink(evil)).toBe(
      "<https://example.com/%29%5BClick%20here%5D%28https://evil.example/login%29>",
    );
  });

  it("leaves an ordinary URL as it is", () => {
    const url = "https://myapp.fly.dev/a_b~c/d-e.f?x=1&y=2#top";
    expect(linkTarget(url)).toBe(url);
    expect(bareLink(url)).toBe(`<${url}>`);
  });

  it("encodes non-ASCII as UTF-8", () => {
    expect(linkTarget("https://e.com/é")).toBe("https://e.com/%C3%A9");
  });

  it("never lets Markdown link syntax, whitespace or angle brackets through", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (url) => {
        const target = linkTarget(url);
        expect(target).not.toMatch(/[()[\]<>\s`|\\"]/u);
        expect(bareLink(url).slice(1, -1)).toBe(target);
      }),
    );
  });
});
