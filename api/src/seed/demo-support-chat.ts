import { postOk } from '../shared/graphql-http';
import { DEMO_PASSWORD } from './demo';

const SIGN_IN = `mutation DemoChatSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
const SAVE_CANNED = `mutation DemoSaveCannedReply($input: CannedReplyInput!) { saveCannedReply(input: $input) { id } }`;
const MY_ORDERS = `query DemoChatOrders { myOrders(first: 1) { edges { node { id } } } }`;
const OPEN_CHAT = `mutation DemoOpenChat($input: OpenChatInput!) { openChat(input: $input) { id } }`;

const cannedReplies = [
  { title: 'Bienvenida', body: '¡Hola! Soy del equipo de soporte de Morna. ¿En qué te puedo ayudar?' },
  { title: 'Pago en revisión', body: 'Tu pago está en revisión; lo validamos en menos de 24 horas hábiles y te avisamos por WhatsApp.' },
  { title: 'Pedido en camino', body: 'Tu pedido ya salió de China. Puedes seguir cada fase en "Mis órdenes".' },
];

/**
 * The support chat part of the demo (issue 10), played after the main story through the API: the supervisor
 * keeps three canned replies, and María asks support about her order on its way — with no agent online yet,
 * the chat tells her so and waits in the support inbox.
 */
export async function playSupportChatStory(graphqlUrl: string): Promise<void> {
  const signIn = async (login: string) =>
    (await postOk<{ signIn: { accessToken: string } }>(graphqlUrl, SIGN_IN, { input: { login, password: DEMO_PASSWORD } })).signIn.accessToken;
  const [supervisor, maria] = await Promise.all(['supervisor', 'maria'].map(signIn));
  for (const input of cannedReplies) await postOk(graphqlUrl, SAVE_CANNED, { input }, supervisor);
  const { myOrders } = await postOk<{ myOrders: { edges: { node: { id: string } }[] } }>(graphqlUrl, MY_ORDERS, {}, maria);
  const order = myOrders.edges[0]?.node.id;
  await postOk(graphqlUrl, OPEN_CHAT, { input: { body: 'Hola, ¿cuándo llega mi licuadora a Caracas?', ...(order ? { subjectType: 'ORDER', subjectId: order } : {}) } }, maria);
}
