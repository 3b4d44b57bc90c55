import { once } from "node:events";
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  type ButtonComponent,
  ButtonStyle,
  ChannelType,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  SlashCommandBuilder,
  type TextChannel,
} from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MANAGER_PERMISSIONS,
  MEMBER_PERMISSIONS,
  opt,
  type StandIn,
  startStandIn,
  sub,
} from "../../src/standin";

function newClient(standin: StandIn): Client {
  return new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standin.apiUrl } });
}

async function loginClient(standin: StandIn): Promise<Client> {
  const client = newClient(standin);
  const ready = once(client, Events.ClientReady);
  await client.login(standin.token);
  await ready;
  return client;
}

/**
 * Runs `handler` for the next interaction the client receives and returns its outcome, so a failing
 * assertion inside the handler fails the test immediately instead of surfacing as a callback timeout.
 */
/** awaits a stand-in action and the bot-side handler together; whichever fails first fails the test */
async function both<T>(action: Promise<T>, handled: Promise<unknown>): Promise<T> {
  const [result] = await Promise.all([action, handled]);
  return result;
}

function onNextInteraction<T>(client: Client, handler: (interaction: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(resolve, reject);
    });
  });
}

describe("Discord stand-in driven by a real discord.js Client", () => {
  let standin: StandIn;
  let client: Client;

  beforeAll(async () => {
    standin = await startStandIn();
    client = await loginClient(standin);
  });

  afterEach(() => {
    client.removeAllListeners(Events.InteractionCreate);
    standin.clearFailures();
    expect(standin.unhandled).toEqual([]);
    expect(standin.protocolErrors).toEqual([]);
  });

  afterAll(async () => {
    await client?.destroy();
    await standin?.close();
  });

  it("logs in over REST + gateway and caches the guild with its channels", async () => {
    const gatewayBot = standin.requests.find((r) => r.path === "/gateway/bot");
    expect(gatewayBot?.method).toBe("GET");
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${standin.token}`);
    expect(standin.identifyCount).toBe(1);
    expect(standin.connectionCount()).toBe(1);
    await standin.waitForIdentify();

    expect(client.user?.id).toBe(standin.botUserId);
    expect(client.user?.bot).toBe(true);
    expect(client.application?.id).toBe(standin.applicationId);
    const guild = client.guilds.cache.get(standin.defaultGuildId);
    expect(guild?.available).toBe(true);
    expect(guild?.roles.everyone.id).toBe(standin.defaultGuildId);
    expect(guild?.members.me?.id).toBe(standin.botUserId);
    const channel = client.channels.cache.get(standin.defaultChannelId);
    expect(channel?.type).toBe(ChannelType.GuildText);
    expect((channel as TextChannel).name).toBe("general");
    expect(guild?.channels.cache.size).toBe(2);
  });

  it("records a bulk command registration and echoes it with ids", async () => {
    const hours = new SlashCommandBuilder()
      .setName("hours")
      .setDescription("Log study hours")
      .addSubcommand((s) =>
        s
          .setName("log")
          .setDescription("Log hours")
          .addNumberOption((o) => o.setName("hours").setDescription("How many").setRequired(true)),
      );
    const ping = new SlashCommandBuilder().setName("ping").setDescription("Ping");
    const commands = await client.application?.commands.set([hours.toJSON(), ping.toJSON()]);

    expect(commands?.size).toBe(2);
    for (const command of commands?.values() ?? []) expect(command.id).toMatch(/^\d{17,20}$/);
    expect(standin.commandPuts).toHaveLength(1);
    const put = standin.commandPuts[0];
    expect(put?.path).toBe(`/applications/${standin.applicationId}/commands`);
    expect(put?.guildId).toBeNull();
    expect(put?.body.map((c) => (c as { name: string }).name)).toEqual(["hours", "ping"]);
  });

  it("delivers a chat-input command and records an ephemeral reply", async () => {
    const handled = onNextInteraction(client, async (interaction) => {
      expect(interaction.isChatInputCommand()).toBe(true);
      const command = interaction as ChatInputCommandInteraction;
      expect(command.commandName).toBe("hours");
      expect(command.options.getSubcommand()).toBe("log");
      expect(command.options.getNumber("hours", true)).toBe(2);
      expect(command.user.id).toBe(standin.defaultUserId);
      expect(command.channelId).toBe(standin.defaultChannelId);
      expect(command.guildId).toBe(standin.defaultGuildId);
      expect(command.inCachedGuild()).toBe(true);
      expect(command.memberPermissions?.has("ManageGuild")).toBe(false);
      expect(command.memberPermissions?.has("SendMessages")).toBe(true);
      await command.reply({
        content: "Logged 2h",
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return command.id;
    });
    const [result, interactionId] = await Promise.all([
      standin.command({ name: "hours", options: [sub("log", [opt("hours", 10, 2)])] }),
      handled,
    ]);

    expect(result.interactionId).toBe(interactionId);
    expect(result.status).toBe(204);
    expect(result.callback.type).toBe(4);
    expect(result.callback.data?.content).toBe("Logged 2h");
    expect(result.callback.data?.flags).toBe(64);
    expect(result.callback.data?.allowed_mentions).toEqual({ parse: [] });
    expect(await result.final()).toMatchObject({ content: "Logged 2h", flags: 64 });
    const callbackRequest = standin.requests.find(
      (r) => r.path === `/interactions/${interactionId}/${result.token}/callback`,
    );
    expect(callbackRequest?.headers.authorization).toBeUndefined();
  });

  it("passes member permissions and rejects a second acknowledgement with 40060", async () => {
    const handled = onNextInteraction(client, async (interaction) => {
      const command = interaction as ChatInputCommandInteraction;
      expect(command.memberPermissions?.has("ManageGuild")).toBe(true);
      await command.reply({ content: "first" });
      const second = command.client.rest.post(`/interactions/${command.id}/${command.token}/callback`, {
        body: { type: 4, data: { content: "second" } },
        auth: false,
      });
      await expect(second).rejects.toMatchObject({ code: 40060, status: 400 });
    });
    const result = await both(standin.command({ name: "ping", permissions: MANAGER_PERMISSIONS }), handled);
    expect(result.callback.data?.content).toBe("first");
  });

  it("supports deferReply + editReply (final) and follow-ups", async () => {
    const handled = onNextInteraction(client, async (interaction) => {
      const command = interaction as ChatInputCommandInteraction;
      await command.deferReply({ flags: MessageFlags.Ephemeral });
      const edited = await command.editReply({ content: "Done thinking" });
      expect(edited.content).toBe("Done thinking");
      expect(edited.channelId).toBe(standin.defaultChannelId);
      const followUp = await command.followUp({ content: "One more thing" });
      expect(followUp.content).toBe("One more thing");
      const fetched = await command.fetchReply();
      expect(fetched.content).toBe("Done thinking");
    });
    const result = await both(standin.command({ name: "ping" }), handled);
    expect(result.callback).toEqual({ type: 5, data: { flags: 64 } });
    expect(await result.final()).toMatchObject({ content: "Done thinking", flags: 64 });
    expect(result.followUps()).toEqual([expect.objectContaining({ content: "One more thing" })]);
    const edit = await standin.waitForRequest(
      (r) => r.method === "PATCH" && r.path.endsWith("/messages/@original"),
    );
    expect(edit.path).toBe(`/webhooks/${standin.applicationId}/${result.token}/messages/@original`);
  });

  it("parses a reply with a file attachment (payload_json + files[0])", async () => {
    const handled = onNextInteraction(client, async (interaction) => {
      const command = interaction as ChatInputCommandInteraction;
      await command.reply({
        content: "Here is your export",
        files: [new AttachmentBuilder(Buffer.from("date,hours\n2024-01-01,2\n"), { name: "export.csv" })],
      });
    });
    const result = await both(standin.command({ name: "ping" }), handled);
    expect(result.callback.type).toBe(4);
    expect(result.callback.data?.content).toBe("Here is your export");
    expect(result.callback.data?.attachments).toEqual([expect.objectContaining({ id: "0" })]);
    expect(result.files).toHaveLength(1);
    expect(result.files[0]?.name).toBe("files[0]");
    expect(result.files[0]?.filename).toBe("export.csv");
    expect(result.files[0]?.data.toString("utf8")).toBe("date,hours\n2024-01-01,2\n");
    const request = standin.requests.find((r) => r.path.startsWith(`/interactions/${result.interactionId}/`));
    expect(request?.body).toMatchObject({ payload: { type: 4 }, files: [{ filename: "export.csv" }] });
  });

  it("answers autocomplete with choices", async () => {
    const handled = onNextInteraction(client, async (interaction) => {
      expect(interaction.isAutocomplete()).toBe(true);
      if (!interaction.isAutocomplete()) return;
      const focused = interaction.options.getFocused(true);
      expect(focused).toMatchObject({ name: "topic", value: "ty" });
      expect(interaction.options.getSubcommand()).toBe("show");
      await interaction.respond([
        { name: "TypeScript", value: "typescript" },
        { name: "Types in depth", value: "types" },
      ]);
    });
    const result = await both(
      standin.autocomplete({
        name: "roadmap",
        options: [sub("show", [opt("topic", 3, "ty")])],
        focused: "topic",
      }),
      handled,
    );
    expect(result.callback.type).toBe(8);
    expect(result.callback.data?.choices?.map((c) => c.value)).toEqual(["typescript", "types"]);
  });

  it("delivers a button click and records the update", async () => {
    const handled = onNextInteraction(client, async (interaction) => {
      expect(interaction.isButton()).toBe(true);
      if (!interaction.isButton()) return;
      expect(interaction.customId).toBe("undo:42");
      expect(interaction.message.author.id).toBe(standin.botUserId);
      await interaction.update({ content: "Undone", components: [] });
    });
    const result = await both(standin.button({ customId: "undo:42" }), handled);
    expect(result.callback).toEqual({
      type: 7,
      data: expect.objectContaining({ content: "Undone", components: [] }),
    });
    expect(await result.final()).toMatchObject({ content: "Undone", components: [] });
  });

  it("clicks a button on a message the bot sent and edits that message", async () => {
    const guild = client.guilds.cache.get(standin.defaultGuildId);
    const channel = guild?.channels.cache.find((c) => c.name === "study-log") as TextChannel;
    const sent = await channel.send({
      content: "Log saved",
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId("undo:7").setLabel("Undo").setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isButton()) throw new Error("expected a button");
      expect(interaction.message.id).toBe(sent.id);
      expect(interaction.channelId).toBe(channel.id);
      expect((interaction.component as ButtonComponent).label).toBe("Undo");
      await interaction.deferUpdate();
      await interaction.editReply({ content: "Log removed", components: [] });
    });
    const result = await both(standin.button({ customId: "undo:7", messageId: sent.id }), handled);
    expect(result.callback.type).toBe(6);
    expect(await result.final()).toMatchObject({ content: "Log removed", components: [] });
    expect(standin.message(sent.id)).toMatchObject({ content: "Log removed", components: [] });
  });

  it("shows a modal and delivers its submission", async () => {
    const shown = onNextInteraction(client, async (interaction) => {
      await (interaction as ChatInputCommandInteraction).showModal({
        custom_id: "note",
        title: "Add a note",
        components: [{ type: 1, components: [{ type: 4, custom_id: "text", label: "Note", style: 1 }] }],
      });
    });
    const result = await both(standin.command({ name: "note" }), shown);
    expect(result.callback).toMatchObject({ type: 9, data: { custom_id: "note", title: "Add a note" } });

    const submitted = onNextInteraction(client, async (interaction) => {
      expect(interaction.isModalSubmit()).toBe(true);
      if (!interaction.isModalSubmit()) return;
      expect(interaction.customId).toBe("note");
      await interaction.reply({ content: `Saved: ${interaction.fields.getTextInputValue("text")}` });
    });
    const submit = await both(
      standin.modalSubmit({ customId: "note", fields: { text: "learned generics" } }),
      submitted,
    );
    expect(submit.callback.data?.content).toBe("Saved: learned generics");
  });

  it("delivers a select menu choice", async () => {
    const handled = onNextInteraction(client, async (interaction) => {
      expect(interaction.isStringSelectMenu()).toBe(true);
      if (!interaction.isStringSelectMenu()) return;
      await interaction.deferUpdate();
      await interaction.editReply({ content: `Picked ${interaction.values.join(",")}` });
    });
    // command() resolves with the deferral; final() waits for the edit that follows it
    const result = await standin.select({ customId: "stack", values: ["node", "go"] });
    expect(result.callback.type).toBe(6);
    const [final] = await Promise.all([result.final(), handled]);
    expect(final).toMatchObject({ content: "Picked node,go" });
  });

  it("returns the callback response for withResponse and redelivers a duplicate interaction", async () => {
    const first = onNextInteraction(client, async (interaction) => {
      const response = await (interaction as ChatInputCommandInteraction).reply({
        content: "once",
        withResponse: true,
      });
      expect(response.resource?.message?.content).toBe("once");
    });
    const result = await both(standin.command({ name: "ping" }), first);

    // Discord delivering the same interaction again: a bot that does not deduplicate gets 40060.
    const again = onNextInteraction(client, async (interaction) => {
      expect(interaction.id).toBe(result.interactionId);
      const error = await (interaction as ChatInputCommandInteraction)
        .reply("twice")
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 40060 });
    });
    const duplicate = await both(
      standin.command({ name: "ping", interactionId: result.interactionId }),
      again,
    );
    expect(duplicate.token).toBe(result.token);
    expect(duplicate.status).toBe(400);
    expect(duplicate.callback.data?.content).toBe("twice");
  });

  it("records channel messages and threads, and failChannel makes send reject with 50013", async () => {
    const channel = client.channels.cache.get(standin.defaultChannelId) as TextChannel;
    const sent = await channel.send({ content: "Weekly summary", allowedMentions: { parse: [] } });
    expect(sent.id).toMatch(/^\d{17,20}$/);
    expect(sent.author.id).toBe(standin.botUserId);
    const inChannel = () => standin.channelMessages.filter((m) => m.channelId === channel.id);
    expect(inChannel()).toEqual([
      expect.objectContaining({
        channelId: channel.id,
        id: sent.id,
        body: expect.objectContaining({ content: "Weekly summary" }),
      }),
    ]);

    const thread = await sent.startThread({ name: "Discussion" });
    expect(thread.id).toBe(sent.id);
    expect(thread.parentId).toBe(channel.id);
    expect(standin.threads).toEqual([
      expect.objectContaining({
        channelId: channel.id,
        messageId: sent.id,
        id: sent.id,
        body: expect.objectContaining({ name: "Discussion" }),
      }),
    ]);

    standin.failChannel(channel.id, 403, 50013, "Missing Permissions");
    const error = await channel.send("nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50013, status: 403 });
    standin.clearFailures();
    await channel.send("works again");
    expect(inChannel().map((m) => (m.body as { content: string }).content)).toEqual([
      "Weekly summary",
      "works again",
    ]);
  });

  it("answers member and role routes", async () => {
    const guild = client.guilds.cache.get(standin.defaultGuildId);
    if (!guild) throw new Error("guild not cached");
    // a user becomes a known member once they have used an interaction
    const handled = onNextInteraction(client, async (interaction) => {
      await (interaction as ChatInputCommandInteraction).reply("hi");
    });
    const userId = "200000000000000001";
    await both(
      standin.command({ name: "ping", userId, username: "ada", permissions: MEMBER_PERMISSIONS }),
      handled,
    );

    const role = await guild.roles.create({ name: "TypeScript" });
    const member = await guild.members.fetch(userId);
    expect(member.user.username).toBe("ada");
    await member.roles.add(role.id);
    expect(standin.memberRoles(guild.id, userId)).toEqual([role.id]);
    await member.roles.remove(role.id);
    expect(standin.memberRoles(guild.id, userId)).toEqual([]);
    await expect(guild.members.fetch("200000000000000999")).rejects.toMatchObject({ code: 10007 });
  });

  it("resumes after the gateway drops the connection", async () => {
    const resumed = once(client, Events.ShardResume);
    standin.disconnect(4000);
    await resumed;
    expect(standin.resumeCount).toBe(1);
    expect(standin.identifyCount).toBe(1);
    expect(standin.connectionCount()).toBe(1);

    const handled = onNextInteraction(client, async (interaction) => {
      await (interaction as ChatInputCommandInteraction).reply("still here");
    });
    const result = await both(standin.command({ name: "ping" }), handled);
    expect(result.callback.data?.content).toBe("still here");
  });
});

describe("Discord stand-in lifecycle", () => {
  let standin: StandIn;

  beforeAll(async () => {
    standin = await startStandIn({
      guilds: [
        { id: "300000000000000001", name: "One", channels: [{ id: "300000000000000011", name: "logs" }] },
        { id: "300000000000000002", name: "Two", channels: [{ id: "300000000000000021", name: "chat" }] },
      ],
    });
  });

  afterAll(async () => {
    await standin?.close();
  });

  it("rejects a wrong token with 401 and discord.js reports TokenInvalid", async () => {
    const client = newClient(standin);
    await expect(client.login("not-the-token")).rejects.toMatchObject({ code: "TokenInvalid" });
    expect(standin.requests.at(-1)?.path).toBe("/gateway/bot");
    expect(standin.connectionCount()).toBe(0);
  });

  it("acknowledges heartbeats so discord.js keeps the connection", async () => {
    // not much shorter: discord.js reconnects when an ACK comes later than the next beat, as on a busy box
    const fast = await startStandIn({ heartbeatIntervalMs: 250 });
    const client = await loginClient(fast);
    try {
      await fast.waitFor(() => fast.heartbeatCount >= 3, 5000, "three heartbeats");
      // the client only sends another heartbeat after the previous one was ACKed (otherwise: zombie reconnect)
      expect(client.ws.ping).toBeGreaterThanOrEqual(0);
      expect(fast.identifyCount).toBe(1);
      expect(fast.resumeCount).toBe(0);
    } finally {
      await client.destroy();
      await fast.close();
    }
  });

  it("serves configured guilds, routes guild commands, and closes cleanly on destroy", async () => {
    const client = await loginClient(standin);
    expect(client.guilds.cache.map((g) => g.name).sort()).toEqual(["One", "Two"]);
    expect(client.channels.cache.get("300000000000000021")?.isTextBased()).toBe(true);

    await client.application?.commands.set([{ name: "ping", description: "Ping" }], "300000000000000002");
    expect(standin.commandPuts.at(-1)).toMatchObject({
      guildId: "300000000000000002",
      path: `/applications/${standin.applicationId}/guilds/300000000000000002/commands`,
    });

    const handled = onNextInteraction(client, async (interaction) => {
      const command = interaction as ChatInputCommandInteraction;
      expect(command.guildId).toBe("300000000000000002");
      expect(command.commandGuildId).toBe("300000000000000002");
      await command.reply("pong");
    });
    const result = await both(standin.command({ name: "ping", guildId: "300000000000000002" }), handled);
    expect(result.callback.data?.content).toBe("pong");

    expect(standin.connectionCount()).toBe(1);
    await client.destroy();
    await standin.waitForConnectionCount(0);
    expect(standin.unhandled).toEqual([]);
    expect(standin.protocolErrors).toEqual([]);
  });
});
