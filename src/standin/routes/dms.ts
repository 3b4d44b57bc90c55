/** `POST /users/@me/channels`: the DM channel with a user (posts to it go through the channel route). */
import type { Core } from "../core";
import { type Route, route } from "../http";

export function dmRoutes(core: Core): Route[] {
  return [route("POST", "/users/@me/channels", true, (ctx) => core.dms.open(ctx))];
}
