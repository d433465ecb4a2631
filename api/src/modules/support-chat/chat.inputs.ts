import { ArrayMaxSize, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MAX_SEARCH_LENGTH } from '../../shared/search';
import { ChatSubjectType } from './chat-conversation.entity';
import { ChatState } from './chat.rules';

/** Generous caps before the rules' own checks (empty, 2,000 characters, 4 images) answer with a reason. */
const BODY_HARD_CAP = 10_000;
const ATTACHMENTS_HARD_CAP = 20;

@InputType({ description: 'A chat message: text (up to 2,000 characters) and/or up to 4 images the author uploaded (POST /uploads).' })
export class ChatMessageInput {
  @Field({ description: 'The text; may be empty when an image is attached. BAD_USER_INPUT {field: body, reason: EMPTY_MESSAGE | MESSAGE_TOO_LONG}.' })
  @MaxLength(BODY_HARD_CAP)
  body!: string;

  @Field(() => [ID], { nullable: true, description: 'Images uploaded by the caller; NOT_FOUND {field: attachmentIds} for any other.' })
  @IsOptional()
  @ArrayMaxSize(ATTACHMENTS_HARD_CAP)
  @IsUUID('all', { each: true })
  attachmentIds?: string[] | null;
}

@InputType({ description: 'The customer writes to support: a first message, optionally about one of their requests or orders.' })
export class OpenChatInput extends ChatMessageInput {
  @Field(() => ChatSubjectType, { nullable: true })
  @IsOptional()
  subjectType?: ChatSubjectType | null;

  @Field(() => ID, { nullable: true, description: 'The request or order (the caller\'s own; NOT_FOUND otherwise).' })
  @IsOptional()
  @IsUUID()
  subjectId?: string | null;
}

@InputType({ description: 'What the agents\' inbox shows.' })
export class ChatInboxFilter {
  @Field(() => [ChatState], { nullable: true, description: 'Only these states (none: all).' })
  @IsOptional()
  states?: ChatState[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Only the conversations the caller took.' })
  @IsOptional()
  mine?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Part of the customer\'s name or code, case-insensitive; up to 100 characters.' })
  @IsOptional()
  @MaxLength(MAX_SEARCH_LENGTH)
  search?: string | null;
}

@InputType({ description: 'A canned reply: a short title agents pick it by, and its text.' })
export class CannedReplyInput {
  @Field({ description: '1–80 characters, unique.' })
  @Length(1, 80)
  title!: string;

  @Field({ description: '1–2,000 characters.' })
  @Length(1, 2000)
  body!: string;
}
