/**
 * The buttons scheduled posts and replies carry (SPEC §3.14), as plain API
 * objects so posts can be built without the Discord client. Their custom ids
 * carry the guild they were posted in, which the boundary checks on every
 * press; they authorise nothing the presser could not do with a command, so
 * they are not signed.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from "discord-api-types/v10";
import { customId, int, snowflake } from "./custom-id";

/** Log time: opens the hours form; the form's own id carries the guild again. */
export const logTimeId = customId("log:time", { guild: snowflake });
export const logFormId = customId("log:form", { guild: snowflake });
/** A reminder DM's Log time (SPEC §3.17): opens the same form, for the server the reminder belongs to. */
export const remindLogTime = customId("remind:log", { guild: snowflake });
/** Check in: opens the goals form. */
export const checkinId = customId("checkin:open", { guild: snowflake });
export const checkinFormId = customId("checkin:form", { guild: snowflake });
/** Join a cohort by its id (names can change case; ids do not). */
export const joinId = customId("cohort:join", { guild: snowflake, cohort: int(1) });

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

export const button = (
  label: string,
  custom_id: string,
  style: ActionStyle = ButtonStyle.Primary,
): APIButtonComponent => ({
  type: ComponentType.Button,
  style,
  label,
  custom_id,
});

export const logTimeButton = (guild: string) => button("Log time", logTimeId.encode({ guild }));
export const checkinButton = (guild: string) => button("Check in", checkinId.encode({ guild }));
export const joinButton = (guild: string, cohort: number, label = "Join") =>
  button(label, joinId.encode({ guild, cohort }), ButtonStyle.Success);

/** A button that opens a URL (a thread, a message). */
export const linkButton = (label: string, url: string): APIButtonComponent => ({
  type: ComponentType.Button,
  style: ButtonStyle.Link,
  label,
  url,
});

/** Buttons in rows of at most five, as Discord requires. */
export function buttonRows(buttons: readonly APIButtonComponent[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length; i += 5) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5) });
  }
  return rows;
}
