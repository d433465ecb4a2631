import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType } from '../../shared/connection';
import { Permission } from '../identity/permission';
import { FaqEntry } from './faq-entry.entity';
import { FaqEntriesArgs, FaqSearchArgs, FaqSuggestionsArgs, ProposeFaqEntryInput, ReviewFaqEntryInput } from './faq.inputs';
import { faqSuggestions, listFaqEntries, proposeFaqEntry, reviewFaqEntry, searchFaq } from './faq.service';

const FaqEntryConnection = ConnectionType(FaqEntry, 'FaqEntry');

/** The FAQ built from solved tickets (seed 000 process 3), public to read, reviewed by supervisors. */
@Resolver(() => FaqEntry)
export class FaqResolver {
  // Public on purpose, no @Authorized: published FAQ entries are the business's public help pages.
  @Query(() => [FaqEntry], { description: 'Published FAQ entries, best match first for `search` (Spanish full-text: "pagos" finds "pago"), else newest first; at most 50. Public.' })
  faq(@Args() args: FaqSearchArgs, @Ctx() ctx: Context): Promise<FaqEntry[]> {
    return searchFaq(ctx.em, args.search, args.category);
  }

  // Public on purpose: the portal suggests entries while a customer types a ticket.
  @Query(() => [FaqEntry], { description: 'Published entries sharing words with `text` (up to 500 characters), most relevant first; at most 5. Public.' })
  faqSuggestions(@Args() args: FaqSuggestionsArgs, @Ctx() ctx: Context): Promise<FaqEntry[]> {
    return faqSuggestions(ctx.em, args.text);
  }

  @Authorized(Permission.WorkTickets)
  @Query(() => FaqEntryConnection, { description: 'Every FAQ entry, newest first, by state and text (staff: ticket:work).' })
  faqEntries(@Args() args: FaqEntriesArgs, @Ctx() ctx: Context) {
    return listFaqEntries(ctx, args);
  }

  @Authorized(Permission.WorkTickets)
  @Mutation(() => FaqEntry, { description: 'Propose an FAQ entry, usually from a resolved ticket\'s solution (INVALID_STATE for a ticket not resolved).' })
  proposeFaqEntry(@Arg('input', () => ProposeFaqEntryInput) input: ProposeFaqEntryInput, @Ctx() ctx: Context): Promise<FaqEntry> {
    return proposeFaqEntry(ctx, input);
  }

  @Authorized(Permission.PublishFaq)
  @Mutation(() => FaqEntry, { description: 'Publish (possibly edited) or reject an FAQ entry (faq:publish; audited).' })
  reviewFaqEntry(@Arg('input', () => ReviewFaqEntryInput) input: ReviewFaqEntryInput, @Ctx() ctx: Context): Promise<FaqEntry> {
    return reviewFaqEntry(ctx, input);
  }
}
