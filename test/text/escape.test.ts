import { describe, expect, it } from "vitest";
import { clip, memberName, userText } from "../../src/text/escape";

describe("userText", () => {
  it("puts names on one line and clips them (was plainText)", () => {
    expect(userText("a\nb   c", 64, { oneLine: true })).toBe("a b c");
    expect(userText("x".repeat(100), 64, { oneLine: true })).toHaveLength(64);
  });

  it("keeps the line breaks of notes unless asked for one line", () => {
    expect(userText("first\nsecond", 100)).toBe("first\nsecond");
    expect(userText(" first\n second ", 100, { oneLine: true })).toBe("first second");
  });

  it("escapes every markdown character, and `<` so tokens show as typed", () => {
    expect(userText("**b** _i_ ~~s~~ `c` ||x|| > q [l](u) <@1> <t:1:R> \\ #1", 100)).toBe(
      "\\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|x\\|\\| \\> q \\[l\\](u) \\<@1\\> \\<t:1:R\\> \\\\ #1",
    );
  });

  it("escapes headings, subtext and lists at the start of a line", () => {
    expect(userText("# h\n## h2\n-# small\n- item\n  12. step\n#tag - x 3. y", 200)).toBe(
      "\\# h\n\\## h2\n\\-# small\n\\- item\n  12\\. step\n#tag - x 3. y",
    );
  });

  it("leaves links as typed, so a backslash never changes where they lead", () => {
    expect(userText("see https://example.com/a_b#c_d and a_b", 100)).toBe(
      "see https://example.com/a_b#c_d and a\\_b",
    );
    expect(userText("[x](https://evil.example/p_q)", 100)).toBe("\\[x\\](https://evil.example/p_q)");
  });

  it("clips before escaping and never splits an emoji", () => {
    expect(userText("**********", 4)).toBe("\\*\\*\\*…");
    expect(clip("ab🦀", 3)).toBe("ab…");
    expect(clip("ab🦀", 4)).toBe("ab🦀");
  });
});

describe("memberName", () => {
  it("escapes markdown, breaks mentions, keeps one line and cuts long names", () => {
    expect(memberName("a*b_c~d`e|f>g\\h")).toBe("a\\*b\\_c\\~d\\`e\\|f\\>g\\\\h");
    expect(memberName("@everyone")).toBe("\u200b@\u200beveryone");
    expect(memberName("two\nlines")).toBe("two lines");
    expect(memberName("   ")).toBe("(no name)");
    expect(memberName("x".repeat(100))).toBe(`${"x".repeat(31)}…`);
  });
});
