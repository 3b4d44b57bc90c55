/** Guild roles and members (the cohort role the bot hands out), channel look-ups, and the login handshake's gateway URL. */
import { GatewayDispatchEvents, GatewayIntentBits } from "discord-api-types/v10";
import type { Core } from "../core";
import { json, noContent, type Route, type RouteContext, route } from "../http";
import type { GuildState } from "../state";
import { discordError, type Reply } from "../validate";

export function guildRoutes(core: Core): Route[] {
  const { world, gateway } = core;
  const withGuild = (ctx: RouteContext, then: (guild: GuildState) => Reply): Reply => {
    const guild = world.guilds.get(ctx.param("guild"));
    return guild ? then(guild) : discordError(404, 10004, "Unknown Guild");
  };
  const memberRole = (ctx: RouteContext, add: boolean): Reply =>
    withGuild(ctx, (guild) => {
      const member = guild.members.get(ctx.param("user"));
      if (!member) return discordError(404, 10007, "Unknown Member");
      const roleId = ctx.param("role");
      if (!guild.roles.some((r) => r.id === roleId)) return discordError(404, 10011, "Unknown Role");
      const before = member.roles.join(",");
      member.roles = add ? [...new Set([...member.roles, roleId])] : member.roles.filter((r) => r !== roleId);
      if (member.roles.join(",") !== before) {
        gateway.broadcast(
          GatewayDispatchEvents.GuildMemberUpdate,
          { guild_id: guild.id, ...world.memberObject(member) },
          GatewayIntentBits.GuildMembers,
          guild.id,
        );
      }
      return noContent;
    });
  return [
    route("GET", "/gateway/bot", true, () =>
      json({
        url: gateway.url,
        shards: world.recommendedShards,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: world.maxConcurrency,
        },
      }),
    ),
    route("POST", "/guilds/:guild/roles", true, (ctx) =>
      withGuild(ctx, (guild) => {
        const role = world.createRole(guild, ctx.payload);
        gateway.broadcast(
          GatewayDispatchEvents.GuildRoleCreate,
          { guild_id: guild.id, role },
          GatewayIntentBits.Guilds,
          guild.id,
        );
        return json(role);
      }),
    ),
    // What the bot asks to prove a channel or role option belongs to the calling guild.
    route("GET", "/channels/:channel", true, (ctx) => {
      const channel = world.channels.get(ctx.param("channel"));
      return channel ? json(structuredClone(channel)) : discordError(404, 10003, "Unknown Channel");
    }),
    route("GET", "/guilds/:guild/roles", true, (ctx) =>
      withGuild(ctx, (guild) => json(structuredClone(guild.roles))),
    ),
    route("GET", "/guilds/:guild/members/:user", true, (ctx) =>
      withGuild(ctx, (guild) => {
        const member = guild.members.get(ctx.param("user"));
        return member ? json(world.memberObject(member)) : discordError(404, 10007, "Unknown Member");
      }),
    ),
    route("PUT", "/guilds/:guild/members/:user/roles/:role", true, (ctx) => memberRole(ctx, true)),
    route("DELETE", "/guilds/:guild/members/:user/roles/:role", true, (ctx) => memberRole(ctx, false)),
  ];
}
