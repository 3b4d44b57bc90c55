/** What the stand-in knows: its application, users, guilds with roles, members and channels. */
import { randomBytes } from "node:crypto";
import {
  type APIGuildMember,
  type APIOverwrite,
  type APIRole,
  type APITextChannel,
  type APIThreadChannel,
  type APIUser,
  type ChannelFlags,
  ChannelType,
  type GatewayGuildCreateDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  type GuildMemberFlags,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  type GuildSystemChannelFlags,
  GuildVerificationLevel,
  type Locale,
  type RoleFlags,
} from "discord-api-types/v10";
import { BOT_PERMISSIONS, MEMBER_PERMISSIONS, snowflake } from "./payloads";
import type { GuildOptions } from "./types";
import { SNOWFLAKE_RE } from "./validate";

export type StoredChannel = APITextChannel | APIThreadChannel;

export interface MemberState {
  userId: string;
  roles: string[];
  joinedAt: string;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  channelIds: string[];
  roles: APIRole[];
  members: Map<string, MemberState>;
  joinedAt: string;
}

export const BOT_NAME = "shiplog";
const EN_US = "en-US" as Locale;

export function assertSnowflake(id: string, what: string): void {
  if (!SNOWFLAKE_RE.test(id)) {
    throw new Error(
      `stand-in: ${what} ${JSON.stringify(id)} must be a numeric snowflake string (17-20 digits)`,
    );
  }
}

function makeRole(id: string, name: string, permissions: string, position: number): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

export class World {
  readonly applicationId = snowflake();
  readonly botUserId = this.applicationId;
  readonly token =
    `${Buffer.from(this.applicationId).toString("base64url")}.${randomBytes(4).toString("base64url")}.${randomBytes(27).toString("base64url")}`;
  readonly defaultUserId = snowflake();
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, StoredChannel>();
  readonly botUser: APIUser;
  /** what GET /gateway/bot answers: recommended shards and identify concurrency */
  recommendedShards = 1;
  maxConcurrency = 1;

  constructor(guilds: GuildOptions[]) {
    this.botUser = { ...this.ensureUser(this.botUserId, BOT_NAME), global_name: null, bot: true };
    this.users.set(this.botUserId, this.botUser);
    this.ensureUser(this.defaultUserId, "tester");
    if (guilds.length === 0) throw new Error("startStandIn: opts.guilds must not be empty");
    for (const g of guilds) this.addGuild(g);
  }

  addGuild(g: GuildOptions): void {
    assertSnowflake(g.id, "guild id");
    const ownerId = g.ownerId ?? snowflake();
    this.ensureUser(ownerId, "guild-owner");
    const botRoleId = snowflake();
    const joinedAt = new Date().toISOString();
    const state: GuildState = {
      id: g.id,
      name: g.name ?? `Guild ${g.id.slice(-4)}`,
      ownerId,
      channelIds: [],
      roles: [
        makeRole(g.id, "@everyone", MEMBER_PERMISSIONS, 0),
        {
          ...makeRole(botRoleId, BOT_NAME, BOT_PERMISSIONS, 1),
          managed: true,
          tags: { bot_id: this.botUserId },
        },
      ],
      members: new Map(),
      joinedAt,
    };
    for (const role of g.roles ?? []) {
      assertSnowflake(role.id, "role id");
      state.roles.push(makeRole(role.id, role.name, role.permissions ?? "0", state.roles.length));
    }
    this.guilds.set(g.id, state);
    state.members.set(ownerId, { userId: ownerId, roles: [], joinedAt });
    state.members.set(this.botUserId, { userId: this.botUserId, roles: [botRoleId], joinedAt });
    for (const channel of g.channels ?? [{ id: snowflake(), name: "general" }]) {
      this.addChannel(state, channel.id, channel.name, channel.overwrites ?? []);
    }
  }

  private addChannel(guild: GuildState, id: string, name: string, overwrites: APIOverwrite[]): void {
    assertSnowflake(id, "channel id");
    if (this.channels.has(id)) throw new Error(`stand-in: channel id ${id} is used twice`);
    this.channels.set(id, {
      id,
      type: ChannelType.GuildText,
      guild_id: guild.id,
      name,
      position: guild.channelIds.length,
      permission_overwrites: overwrites,
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      default_auto_archive_duration: 1440,
      flags: 0 as ChannelFlags,
    });
    guild.channelIds.push(id);
  }

  /** adds a role the bot created (POST /guilds/{id}/roles) */
  createRole(guild: GuildState, body: Record<string, unknown>): APIRole {
    const role = makeRole(
      snowflake(),
      typeof body.name === "string" ? body.name : "new role",
      typeof body.permissions === "string" ? body.permissions : MEMBER_PERMISSIONS,
      guild.roles.length,
    );
    if (typeof body.color === "number") role.color = body.color;
    if (typeof body.hoist === "boolean") role.hoist = body.hoist;
    if (typeof body.mentionable === "boolean") role.mentionable = body.mentionable;
    guild.roles.push(role);
    return role;
  }

  ensureUser(id: string, username?: string): APIUser {
    const existing = this.users.get(id);
    if (existing) {
      if (username !== undefined && existing.username !== username) {
        existing.username = username;
        existing.global_name = username;
      }
      return existing;
    }
    const name = username ?? `user${id.slice(-6)}`;
    const user: APIUser = { id, username: name, discriminator: "0", global_name: name, avatar: null };
    this.users.set(id, user);
    return user;
  }

  ensureMember(guild: GuildState, userId: string): MemberState {
    let member = guild.members.get(userId);
    if (!member) {
      member = { userId, roles: [], joinedAt: new Date().toISOString() };
      guild.members.set(userId, member);
    }
    return member;
  }

  memberObject(member: MemberState): APIGuildMember & { user: APIUser } {
    return {
      user: this.ensureUser(member.userId),
      roles: [...member.roles],
      joined_at: member.joinedAt,
      premium_since: null,
      nick: null,
      avatar: null,
      banner: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  guildOf(channelId: string): string | undefined {
    const channel = this.channels.get(channelId);
    return channel && "guild_id" in channel ? channel.guild_id : undefined;
  }

  /** GUILD_CREATE as Discord sends it after READY */
  guildCreate(guild: GuildState): GatewayGuildCreateDispatchData {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: GuildVerificationLevel.None,
      default_message_notifications: GuildDefaultMessageNotifications.AllMessages,
      explicit_content_filter: GuildExplicitContentFilter.Disabled,
      mfa_level: GuildMFALevel.None,
      nsfw_level: GuildNSFWLevel.Default,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: EN_US,
      features: [],
      roles: structuredClone(guild.roles),
      emojis: [],
      stickers: [],
      application_id: null,
      system_channel_id: guild.channelIds[0] ?? null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      widget_enabled: false,
      widget_channel_id: null,
      incidents_data: null,
      hub_type: null,
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      channels: guild.channelIds.flatMap((id) => {
        const channel = this.channels.get(id);
        return channel?.type === ChannelType.GuildText ? [structuredClone(channel)] : [];
      }),
      threads: [],
      // Discord always includes the current user's own member
      members: [this.memberObject(this.ensureMember(guild, this.botUserId))],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}
