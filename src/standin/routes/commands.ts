/** Application commands: bulk overwrite (PUT), globally or per guild, echoed back with ids. */
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { json, type Route, type RouteContext, route } from "../http";
import { snowflake } from "../payloads";
import type { World } from "../state";
import { checkCommandList, discordError, type Json, Reply } from "../validate";

const GLOBAL = "global";

interface Registered {
  id: string;
  name: string;
  type: ApplicationCommandType;
}

export class Commands {
  /** registered commands by scope ("global" or a guild id) */
  private readonly lists = new Map<string, Registered[]>();
  /** ids stay the same for the same scope, type and name, as on Discord */
  private readonly ids = new Map<string, string>();
  readonly puts: Array<{ path: string; guildId: string | null; body: unknown[] }> = [];

  constructor(private readonly world: World) {}

  private idFor(key: string): string {
    const id = this.ids.get(key) ?? snowflake();
    this.ids.set(key, id);
    return id;
  }

  /** the chat-input command an interaction names: guild first, then global, else an unregistered id */
  find(name: string, guildId: string): { id: string; guildId: string | null } {
    const isIt = (c: Registered) => c.name === name && c.type === ApplicationCommandType.ChatInput;
    const inGuild = this.lists.get(guildId)?.find(isIt);
    if (inGuild) return { id: inGuild.id, guildId };
    return {
      id: this.lists.get(GLOBAL)?.find(isIt)?.id ?? this.idFor(`unregistered:1:${name}`),
      guildId: null,
    };
  }

  /** the command as Discord answers a PUT: what was sent, with defaults, ids and a version */
  private echo(
    command: RESTPutAPIApplicationCommandsJSONBody[number],
    scope: string,
    guildId: string | null,
  ) {
    const type = command.type ?? ApplicationCommandType.ChatInput;
    const registered: Registered = {
      id: this.idFor(`${scope}:${type}:${command.name}`),
      name: command.name,
      type,
    };
    const echoed: Json = {
      description: "",
      options: [],
      default_member_permissions: null,
      nsfw: false,
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: null,
      ...structuredClone(command),
      ...registered,
      application_id: this.world.applicationId,
      version: snowflake(),
      ...(guildId ? { guild_id: guildId } : {}),
    };
    return { registered, echoed };
  }

  private put(ctx: RouteContext, guildId: string | null): Reply {
    if (ctx.param("app") !== this.world.applicationId) return discordError(403, 50001, "Missing Access");
    if (guildId !== null && !this.world.guilds.has(guildId))
      return discordError(403, 50001, "Missing Access");
    const body = ctx.req.body;
    this.puts.push({ path: ctx.req.path, guildId, body: Array.isArray(body) ? structuredClone(body) : [] });
    const checked = checkCommandList(body);
    if (checked instanceof Reply) return checked;
    const scope = guildId ?? GLOBAL;
    const echoes = checked.map((command) => this.echo(command, scope, guildId));
    this.lists.set(
      scope,
      echoes.map((e) => e.registered),
    );
    return json(echoes.map((e) => e.echoed));
  }

  routes(): Route[] {
    return [
      route("PUT", "/applications/:app/commands", true, (ctx) => this.put(ctx, null)),
      route("PUT", "/applications/:app/guilds/:guild/commands", true, (ctx) =>
        this.put(ctx, ctx.param("guild")),
      ),
    ];
  }
}
