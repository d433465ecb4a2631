import { GraphQLError } from 'graphql';

/**
 * Every expected refusal the API returns, with its message in Spanish (the product's first language) and
 * English. Clients switch on `extensions.code`; the texts are for people.
 */
export const errorMessages = {
  UNAUTHENTICATED: ['Debes iniciar sesión.', 'You must sign in.'],
  FORBIDDEN: ['No tienes permiso para esta acción.', 'You are not allowed to do this.'],
  NOT_FOUND: ['No encontrado.', 'Not found.'],
  BAD_USER_INPUT: ['Datos inválidos.', 'Invalid input.'],
  BAD_REQUEST: ['La solicitud está mal formada.', 'The request is malformed.'],
  PAYLOAD_TOO_LARGE: ['La solicitud es demasiado grande.', 'The request is too large.'],
  UNSUPPORTED_MEDIA_TYPE: ['Tipo de contenido no admitido; envía application/json.', 'Unsupported content type; send application/json.'],
  QUERY_TOO_LARGE: ['La consulta es demasiado larga.', 'The query has too many tokens.'],
  QUERY_TOO_DEEP: ['La consulta está anidada demasiado profundo.', 'The query is nested too deeply.'],
  TOO_MANY_ALIASES: ['La consulta usa demasiados alias.', 'The query uses too many aliases.'],
  TOO_MANY_DIRECTIVES: ['La consulta usa demasiadas directivas.', 'The query uses too many directives.'],
  QUERY_TOO_COMPLEX: ['La consulta pide demasiados datos de una vez; pide menos o pagina.', 'The query asks for too much at once; ask for less or paginate.'],
  TIME_BUDGET_EXCEEDED: ['La operación tardó demasiado y se detuvo; inténtalo de nuevo o pide menos datos.', 'The operation took too long and was stopped; retry or ask for less.'],
  INVALID_CREDENTIALS: ['Usuario o contraseña incorrectos.', 'Wrong username or password.'],
  ACCOUNT_DISABLED: ['La cuenta está deshabilitada.', 'The account is disabled.'],
  PHONE_NOT_VERIFIED: ['Debes verificar tu teléfono antes de iniciar sesión.', 'Verify your phone before signing in.'],
  VERIFICATION_CODE_INVALID: ['El código de verificación no es correcto.', 'The verification code is wrong.'],
  VERIFICATION_CODE_EXPIRED: ['El código de verificación venció; solicita uno nuevo.', 'The verification code expired; request a new one.'],
  VERIFICATION_ATTEMPTS_EXCEEDED: ['Demasiados intentos; solicita un código nuevo.', 'Too many attempts; request a new code.'],
  VERIFICATION_RESEND_TOO_SOON: ['Espera un minuto antes de pedir otro código.', 'Wait a minute before asking for another code.'],
  USERNAME_TAKEN: ['Ese nombre de usuario ya existe.', 'That username is taken.'],
  EMAIL_TAKEN: ['Ese correo ya está registrado.', 'That email is already registered.'],
  PHONE_TAKEN: ['Ese teléfono ya está registrado.', 'That phone is already registered.'],
  INVALID_PHONE: ['El teléfono no es válido.', 'The phone number is not valid.'],
  TOO_MANY_ATTEMPTS: ['Demasiados intentos; espera un momento y vuelve a intentarlo.', 'Too many attempts; wait a moment and try again.'],
  RESET_CODE_INVALID: ['El código no es válido o venció; solicita uno nuevo.', 'The code is wrong or expired; request a new one.'],
  REFRESH_TOKEN_INVALID: ['La sesión venció; inicia sesión de nuevo.', 'The session expired; sign in again.'],
  QUOTE_LIMIT_REACHED: ['Alcanzaste el límite de solicitudes de cotización de este mes.', 'You reached this month\'s quote request limit.'],
  MODIFICATION_LIMIT_REACHED: ['Superaste el máximo de modificaciones; la compra fue rechazada.', 'Modification limit exceeded; the purchase was rejected.'],
  QUOTE_EXPIRED: ['La cotización venció.', 'The quote expired.'],
  INVALID_TRANSITION: ['Esta acción no es posible en el estado actual.', 'This action is not possible in the current state.'],
  INVALID_STATE: ['Esta acción no es posible en el estado actual.', 'This action is not possible in the current state.'],
  SHIPPING_METHOD_NOT_REQUESTED: ['Ese método de envío no fue solicitado.', 'That shipping method was not requested.'],
  MISSING_QUOTE_OPTION: ['Falta una opción por cada método de envío solicitado.', 'One option per requested shipping method is required.'],
  PAYMENT_DEADLINE_PASSED: ['El plazo de pago venció.', 'The payment deadline has passed.'],
  ORDER_CANCELLED: ['La orden fue cancelada.', 'The order was cancelled.'],
  ORDER_ALREADY_PAID: ['La orden ya está pagada.', 'The order is already paid.'],
  PAYMENT_ALREADY_DECIDED: ['Este pago ya fue validado o rechazado.', 'This payment was already validated or rejected.'],
  CURRENCY_METHOD_MISMATCH: ['La moneda no corresponde al método de pago.', 'The currency does not match the payment method.'],
  SUPPLIER_PAYMENT_EXISTS: ['El pago al proveedor ya fue registrado.', 'The supplier payment is already registered.'],
  WRONG_DELIVERY_MODE: ['Esa fase no corresponde al tipo de entrega de la orden.', 'That phase does not match the order\'s delivery mode.'],
  // Support (issue 10).
  TICKET_SOLUTION_REQUIRED: ['Para resolver el ticket debes registrar la solución.', 'Record the solution to resolve the ticket.'],
  TICKET_REOPEN_WINDOW_PASSED: ['El plazo para reabrir este ticket venció o el ticket no está resuelto.', 'The ticket can no longer be reopened, or it is not resolved.'],
  TICKET_CLOSED: ['El ticket está resuelto o cerrado; reábrelo para escribir.', 'The ticket is resolved or closed; reopen it to write.'],
  NOT_ASSIGNABLE: ['Esa persona no atiende tickets.', 'That person does not work tickets.'],
  SURVEY_ALREADY_SUBMITTED: ['La encuesta ya fue respondida.', 'The survey was already answered.'],
  UPLOAD_INVALID: ['El archivo debe ser una imagen JPEG, PNG o WebP.', 'The file must be a JPEG, PNG or WebP image.'],
  UPLOAD_TOO_LARGE: ['La imagen es demasiado grande.', 'The image is too large.'],
  SERVER_BUSY: ['El servidor está ocupado; intenta de nuevo en unos segundos.', 'The server is busy; retry in a few seconds.'],
  UPLOAD_QUOTA_EXCEEDED: ['Alcanzaste el límite de imágenes de hoy; intenta mañana.', 'You reached today\'s image upload limit; try again tomorrow.'],
  STALE_PARAMETERS: ['Los parámetros cambiaron mientras editabas; recarga e intenta de nuevo.', 'Parameters changed while you were editing; reload and retry.'],
  PERSISTED_QUERY_HASH_MISMATCH: ['El hash de la consulta persistida no corresponde a la consulta.', 'The persisted query hash does not match the query.'],
  PERSISTED_QUERY_VERSION_UNSUPPORTED: ['Versión de consulta persistida no soportada.', 'Unsupported persisted query version.'],
  PERSISTED_QUERY_NOT_FOUND: [
    'No conocemos ese documento (consulta persistida); actualiza la aplicación o envía el texto de la consulta.',
    'Unknown document id (persisted query); update the app, or send the query text.',
  ],
  TRUSTED_DOCUMENT_REQUIRED: [
    'Las aplicaciones de Morna solo envían sus consultas registradas (documentId); esta consulta no lo es. Para consultas propias usa un token o una clave de API.',
    "Morna's own apps send only their registered documents (documentId); this one is not. Use a bearer token or API key for your own queries.",
  ],
  PAYMENT_EXCEEDS_BALANCE: ['El pago supera el saldo pendiente (contando los pagos por validar).', 'The payment exceeds the outstanding balance (counting payments awaiting validation).'],
  EVENT_CURSOR_EXPIRED: ['Los eventos desde ese punto ya no están disponibles; vuelve a cargar los datos y suscríbete de nuevo.', 'Events since that cursor are no longer kept; refetch the data and subscribe again without a cursor.'],
  SUBSCRIPTION_LAGGING: ['Llegaron más eventos de los que esta suscripción alcanzó a recibir; suscríbete de nuevo con tu último cursor.', 'More events arrived than this subscription could take; subscribe again with your last cursor.'],
  RATE_LIMITED: ['Esta clave de API superó su límite de solicitudes; espera y vuelve a intentarlo.', 'This API key is over its request limit; wait and retry.'],
  API_KEY_NOT_ACTIVE: ['La clave de API está revocada o vencida.', 'The API key is revoked or expired.'],
  WEBHOOK_URL_NOT_ALLOWED: ['La dirección del webhook no está permitida: usa http(s) hacia una dirección pública.', 'The webhook URL is not allowed: use http(s) to a public address.'],
  WEBHOOK_ENDPOINT_DISABLED: ['El webhook está deshabilitado; habilítalo primero.', 'The webhook endpoint is disabled; enable it first.'],
  TOO_MANY_SUBSCRIPTIONS: ['Demasiadas suscripciones abiertas en esta conexión.', 'Too many subscriptions open on this connection.'],
  TRACE_NOT_FOUND: [
    'No encontramos esa unidad o ese pedido; revisa el código o el enlace.',
    'We found no such unit or order; check the code or the link.',
  ],
  // Traceability labels (issue 9): QR codes, sales and claims.
  NOT_YET_ANCHORED: ['Esta historia aún no está anclada en la blockchain; su código QR se emite al confirmarse el anclaje.', 'This history is not anchored on the blockchain yet; its QR code is issued once the anchor confirms.'],
  UNIT_ALREADY_SOLD: ['Esta unidad ya está marcada como vendida.', 'This unit is already marked sold.'],
  UNIT_NOT_SOLD: ['Esta unidad aún no se ha vendido; solo se puede reclamar después de la venta.', 'This unit has not been sold yet; it can be claimed only after its sale.'],
  UNIT_ALREADY_CLAIMED: ['Esta unidad ya fue reclamada por su comprador.', 'This unit has already been claimed by its buyer.'],
  CLAIM_CODE_INVALID: ['El código de reclamación no es correcto; revísalo en el comprobante de compra.', 'The claim code is not right; check it on the purchase slip.'],
  CLAIM_CODE_REQUIRED: ['Escribe el código de reclamación del comprobante de compra, o inicia sesión con la cuenta a la que se vendió.', 'Enter the claim code from the purchase slip, or sign in with the account it was sold to.'],
  TRACKING_NOT_FOUND: [
    'No encontramos un pedido con ese número y ese dato de verificación; revisa ambos.',
    'We found no order with that number and that check; check both.',
  ],
  ALREADY_CLAIMED: ['Otra persona ya está trabajando en esto.', 'Someone else is already working on this.'],
  PACKAGE_ALREADY_BOXED: ['Uno de los paquetes ya está en una caja.', 'One of the packages is already in a box.'],
  // Inventory and direct sales (issue 9)
  INSUFFICIENT_STOCK: ['No hay stock suficiente para esta venta o movimiento.', 'There is not enough stock for this sale or movement.'],
  QUANTITY_NOT_POSITIVE: ['La cantidad debe ser mayor que cero.', 'The quantity must be greater than zero.'],
  REASON_REQUIRED: ['Indica el motivo del ajuste (al menos 3 caracteres).', 'Give the reason for the adjustment (at least 3 characters).'],
  SAME_LOCATION: ['El origen y el destino de la transferencia son el mismo lugar.', 'The transfer\'s origin and destination are the same location.'],
  SERVICE_NOT_TRANSFERABLE: ['Los cupos de un taller pertenecen a su sede; no se transfieren.', 'A session\'s seats belong to its venue; they cannot be transferred.'],
  SKU_TAKEN: ['Ya existe un producto con ese SKU.', 'A product with that SKU already exists.'],
  LOCATION_CODE_TAKEN: ['Ya existe una ubicación con ese código.', 'A location with that code already exists.'],
  PRODUCT_INACTIVE: ['El producto está inactivo y no se puede vender.', 'The product is inactive and cannot be sold.'],
  SALE_VOID: ['La venta está anulada.', 'The sale is void.'],
  SALE_ALREADY_PAID: ['La venta ya está pagada.', 'The sale is already paid.'],
  SALE_PAYMENT_EXCEEDS_BALANCE: ['El pago supera el saldo pendiente de la venta.', 'The payment exceeds the sale\'s outstanding balance.'],
  SALE_CURRENCY_MISMATCH: ['Todos los productos de una venta deben tener la misma moneda.', 'Every product of a sale must be priced in the same currency.'],
} as const satisfies Record<string, readonly [string, string]>;

export type ErrorCode = keyof typeof errorMessages;

/**
 * An expected refusal: a GraphQL error whose `extensions.code` is stable, whose message is Spanish, and
 * whose `extensions.messageEn` is English. `details` carries machine-readable context (limits, states).
 */
export class DomainError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    details: Record<string, unknown> = {},
    message?: string,
  ) {
    const [es, en] = errorMessages[code];
    super(message ?? es, { extensions: { code, messageEn: en, ...details } });
  }
}

/** Throws `DomainError(code)` when a guard returned a code. */
export function refuse(code: ErrorCode | undefined, details?: Record<string, unknown>): void {
  if (code) throw new DomainError(code, details);
}
