import { ComponentType, TextInputStyle } from "discord.js";
import { describe, expect, it } from "vitest";
import { hoursForm, hoursOf } from "../../commands/log/time-form";
import { defineForm, FORM_INCOMPLETE } from "../../src/discord/form";
import { UserError } from "../../src/errors";

/** A submission as discord.js exposes it: text inputs by custom id, missing ones throw. */
const submitted = (values: Record<string, string>) => ({
  fields: {
    getTextInputValue(id: string): string {
      const v = values[id];
      if (v === undefined) throw new TypeError(`no field ${id}`);
      return v;
    },
  },
});

describe("defineForm", () => {
  const form = defineForm("Weekly check-in", {
    goals: { label: "Goals", paragraph: true, required: true, maxLength: 1000 },
    blockers: { label: "Blockers", placeholder: "none" },
  });

  it("builds a modal: one text input per row, in declaration order, prefilled when asked", () => {
    const modal = form.modal("checkin:form:800000000000000001", { blockers: "docker" });
    expect(modal).toEqual({
      custom_id: "checkin:form:800000000000000001",
      title: "Weekly check-in",
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: "goals",
              label: "Goals",
              style: TextInputStyle.Paragraph,
              required: true,
              max_length: 1000,
            },
          ],
        },
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: "blockers",
              label: "Blockers",
              style: TextInputStyle.Short,
              required: false,
              max_length: 4000,
              placeholder: "none",
              value: "docker",
            },
          ],
        },
      ],
    });
  });

  it("reads fields by name: trimmed text, empty optional ones as undefined", () => {
    expect(form.read(submitted({ goals: "  ship it ", blockers: " " }))).toEqual({
      goals: "ship it",
      blockers: undefined,
    });
    expect(form.read(submitted({ goals: "ship it" }))).toEqual({ goals: "ship it", blockers: undefined });
  });

  it("refuses a submission without a required field (a forged one) with a UserError", async () => {
    expect(() => form.read(submitted({ blockers: "x" }))).toThrow(new UserError(FORM_INCOMPLETE));
    expect(() => form.read(submitted({ goals: "   " }))).toThrow(UserError);
  });

  it("refuses definitions Discord would reject", async () => {
    const six = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((k) => [k, { label: k }]));
    expect(() => defineForm("Too many", six)).toThrow(/1–5 fields/);
    expect(() => defineForm("t".repeat(46), { a: { label: "a" } })).toThrow(/too long/);
  });

  it("the Log time form has the five fields of /log hours", () => {
    const modal = hoursForm.modal("log:form:800000000000000001");
    const ids = JSON.stringify(modal.components).match(/"custom_id":"[a-z]+"/g);
    expect(ids).toEqual([
      '"custom_id":"hours"',
      '"custom_id":"kind"',
      '"custom_id":"topic"',
      '"custom_id":"note"',
      '"custom_id":"date"',
    ]);
  });
});

describe("hoursOf (hours typed in a text box)", () => {
  it("reads 1.5 and 1,5; anything else is NaN, which logHours refuses with its own message", () => {
    expect(hoursOf("1.5")).toBe(1.5);
    expect(hoursOf("1,5")).toBe(1.5);
    expect(hoursOf("16")).toBe(16);
    for (const bad of ["abc", "", "1.5h", "-1", "1e3", "0x10", "Infinity"]) expect(hoursOf(bad)).toBeNaN();
  });
});
