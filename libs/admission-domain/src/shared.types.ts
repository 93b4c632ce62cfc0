/** Who issues a command and when (ISO-8601 instant with offset); the domain never reads a clock. */
export interface CommandMetadata {
  readonly actor: string;
  readonly now: string;
}

export type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
};
