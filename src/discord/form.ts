/**
 * Forms (Discord modals) as definitions: one object both builds the modal a
 * button shows and reads its submission back, typed by field name, so no
 * handler picks text inputs apart by hand. Limits and formats are checked by
 * the domain function the form stands for, with the same messages as the
 * slash command (SPEC §3.14); the form only checks the submission's shape.
 */
import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  type ModalSubmitInteraction,
  TextInputStyle,
} from "discord.js";
import { UserError } from "../errors";

/** Discord shows at most five text inputs in one modal. */
export const MAX_FORM_FIELDS = 5;
const MAX_TITLE = 45;
const MAX_LABEL = 45;
const MAX_INPUT = 4000;

export interface TextField {
  label: string;
  /** one line (default) or a paragraph */
  paragraph?: boolean;
  required?: boolean;
  /** shown to the member; Discord enforces it, the domain checks again */
  maxLength?: number;
  placeholder?: string;
}

type Fields = Record<string, TextField>;

/** What a submission holds: required fields as text, optional ones as text or undefined when left empty. */
export type FormValues<F extends Fields> = {
  [K in keyof F]: F[K]["required"] extends true ? string : string | undefined;
};

export interface Form<F extends Fields> {
  /** the modal to show, under `customId`, optionally prefilled */
  modal(
    customId: string,
    prefill?: Partial<Record<keyof F, string>>,
  ): APIModalInteractionResponseCallbackData;
  /** the submitted values, or a UserError when a required field is missing (a forged submission) */
  read(interaction: { fields: Pick<ModalSubmitInteraction["fields"], "getTextInputValue"> }): FormValues<F>;
}

export const FORM_INCOMPLETE = "That form arrived incomplete — press the button again and fill it in.";

export function defineForm<const F extends Fields>(title: string, fields: F): Form<F> {
  const names = Object.keys(fields) as (keyof F & string)[];
  if (names.length === 0 || names.length > MAX_FORM_FIELDS) throw new Error(`form ${title}: 1–5 fields`);
  if (title.length > MAX_TITLE) throw new Error(`form title ${title} is too long`);
  for (const name of names) {
    if ((fields[name] as TextField).label.length > MAX_LABEL) throw new Error(`form label ${name} too long`);
  }
  return {
    modal(customId, prefill = {}) {
      return {
        custom_id: customId,
        title,
        components: names.map((name) => {
          const f = fields[name] as TextField;
          const value = prefill[name];
          return {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.TextInput,
                custom_id: name,
                label: f.label,
                style: f.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
                required: f.required ?? false,
                max_length: Math.min(f.maxLength ?? MAX_INPUT, MAX_INPUT),
                ...(f.placeholder !== undefined ? { placeholder: f.placeholder } : {}),
                ...(value !== undefined ? { value } : {}),
              },
            ],
          };
        }),
      };
    },
    read(interaction) {
      const values: Record<string, string | undefined> = {};
      for (const name of names) {
        let text: string | undefined;
        try {
          text = interaction.fields.getTextInputValue(name);
        } catch {
          text = undefined;
        }
        const trimmed = text?.trim();
        if (!trimmed && (fields[name] as TextField).required) throw new UserError(FORM_INCOMPLETE);
        values[name] = trimmed ? trimmed : undefined;
      }
      return values as FormValues<F>;
    },
  };
}
