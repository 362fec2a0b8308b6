import { createContext, useContext } from 'react';

// The portal's two languages: English and Dutch. Texts are keyed; money, numbers and dates are formatted by Intl for
// the chosen language (and the browser's region when it speaks that language, e.g. en-US or nl-BE).

const en = {
  appTitle: 'Returns',
  language: 'Language',
  stepOf: 'Step {n} of 4',
  skipToContent: 'Skip to content',
  // sign in
  signInTitle: 'Start a return',
  signInIntro: 'Find your order with the order number from your confirmation email.',
  orderNumber: 'Order number',
  email: 'Email address',
  findOrder: 'Find my order',
  haveAccount: 'I have an account token',
  token: 'Customer token',
  tokenHint: 'Paste the token your shop account gave you.',
  useToken: 'Continue with my token',
  orderNotFound: 'We could not find an order with this number and email address.',
  tokenOrderNotFound: 'This token cannot see an order with this number.',
  signingIn: 'Looking up your order…',
  // items
  itemsTitle: 'What are you returning?',
  order: 'Order {orderNumber}, placed {date}',
  returnThis: 'Return {name}',
  unitPrice: '{price} each',
  returnableUntil: 'Returnable until {date}',
  quantity: 'Quantity',
  reason: 'Why are you returning it?',
  note: 'Note',
  noteOptional: 'Note (optional)',
  noteRequired: 'Please tell us a little more for this reason.',
  resolution: 'What would you like?',
  REFUND: 'Refund',
  STORE_CREDIT: 'Store credit',
  EXCHANGE: 'Exchange',
  exchangeSku: 'Item (SKU) you want instead',
  exchangeSkuRequired: 'Enter the item you want instead.',
  reasonRequired: 'Choose a reason for {name}.',
  nothingSelected: 'Choose at least one item to return.',
  cannotReturn: 'Cannot be returned: {reason}',
  ALREADY_RETURNED: 'already returned',
  NON_RETURNABLE_CATEGORY: 'this kind of item cannot be returned',
  WINDOW_EXPIRED: 'the return window ended on {date}',
  quoteTitle: 'Your refund',
  subtotal: 'Items',
  restockingFee: 'Restocking fee',
  returnShipping: 'Return shipping',
  shippingFree: 'Free',
  shippingByMethod: 'Depends on the method (next step)',
  estimatedRefund: 'Estimated refund',
  quoteUpdating: 'Updating your refund…',
  quoteUpdated: 'Estimated refund: {amount}',
  continue: 'Continue',
  requesting: 'Sending your return request…',
  // method
  methodTitle: 'How will you send it back?',
  awaitingApproval: 'Your return {rma} is waiting for approval. This page updates by itself.',
  rejected: 'Your return {rma} was not approved.',
  noOptions: 'No return method is available for this return. Please contact the shop.',
  fee: 'Fee',
  co2e: '{kg} kg CO₂e',
  emissions: 'Emissions',
  refundTiming: 'Refund',
  nearest: 'Nearest locations',
  chooseLocation: 'Choose a location',
  chooseWindow: 'Choose a pickup time',
  openingHours: 'Open: {hours}',
  distance: '{km} away',
  confirmMethod: 'Confirm',
  chooseMethod: 'Choose a return method.',
  booking: 'Booking your return method…',
  bookingFailed: 'Booking failed: {reason}',
  chooseAgain: 'Choose another method',
  CARRIER_DROP_OFF: 'Drop off at a parcel point',
  LOCKER: 'Parcel locker',
  STORE_DROP_OFF: 'Drop off in store',
  HOME_PICKUP: 'Pickup from home',
  RETURNLESS: 'Keep the item',
  byCarrier: 'with {carrier}',
  timingScan: 'when the parcel is scanned at drop-off',
  timingCollect: 'when the courier collects the parcel',
  timingInspected: 'after the item is received and inspected',
  timingImmediate: 'immediately; keep, donate or recycle the item',
  // confirmation
  confirmationTitle: 'Your return is booked',
  completedTitle: 'Your return is complete',
  closedTitle: 'Your return is closed',
  rma: 'Return number',
  dropOffCode: 'Drop-off code',
  qrAlt: 'QR code for {value}',
  showAtDropOff: 'Show this code or QR code at the drop-off point.',
  label: 'Download the shipping label (PDF)',
  tracking: 'Tracking number',
  reference: 'Reference',
  pickupWindow: 'Pickup window',
  location: 'Location',
  validUntil: 'Use before',
  keepItem: 'You can keep the item. Your refund is on its way.',
  statusTitle: 'Return status',
  status: 'Status',
  refund: 'Refund',
  refundOf: '{amount} ({status})',
  updatedAt: 'Last updated {date}',
  startAnother: 'Return something else',
  // statuses and events
  REQUESTED: 'Requested',
  APPROVED: 'Approved',
  REJECTED: 'Not approved',
  AWAITING_DROP_OFF: 'Waiting for drop-off',
  IN_TRANSIT: 'On its way',
  RECEIVED: 'Received',
  INSPECTED: 'Inspected',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  storeCreditCode: 'Store credit code',
  refund_QUOTED: 'estimated',
  refund_REQUESTED: 'refund requested, waiting for the shop',
  refund_ISSUED: 'refunded',
  refund_FAILED: 'the shop could not pay it yet; it will be retried',
  refund_NONE: 'nothing to refund',
  credit_QUOTED: 'estimated',
  credit_REQUESTED: 'requested, waiting for the shop',
  credit_ISSUED: 'issued',
  credit_FAILED: 'the shop could not issue it yet; it will be retried',
  credit_NONE: 'none',
  ev_RETURN_REQUESTED: 'Return requested',
  ev_RETURN_APPROVED: 'Return approved',
  ev_RETURN_REJECTED: 'Return not approved',
  ev_METHOD_SELECTED: 'Return method chosen',
  ev_METHOD_BOOKED: 'Return method booked',
  ev_METHOD_BOOKING_FAILED: 'Booking failed',
  ev_PARCEL_SCANNED: 'Parcel dropped off',
  ev_PARCEL_IN_TRANSIT: 'Parcel on its way',
  ev_PARCEL_DELIVERED: 'Parcel delivered to the warehouse',
  ev_ITEMS_RECEIVED: 'Items received',
  ev_ITEMS_MARKED_MISSING: 'Items missing from the parcel',
  ev_ITEM_INSPECTED: 'Item inspected',
  ev_INSPECTION_FINISHED: 'Inspection finished',
  ev_ITEM_SPLIT: 'Item processed in parts',
  ev_DISPOSITION_SET: 'Item processed',
  ev_REFUND_REQUESTED: 'Refund requested from the shop',
  ev_PAYOUT_CONFIRMED: 'Payment confirmed by the shop',
  ev_PAYOUT_FAILED: 'The shop could not pay the refund',
  ev_PAYOUT_RETRIED: 'Refund sent to the shop again',
  ev_REFUND_ISSUED: 'Refund issued',
  ev_RETURN_COMPLETED: 'Return completed',
  ev_RETURN_CANCELLED: 'Return cancelled',
  ev_RETURN_EXPIRED: 'Return expired',
  error: 'Something went wrong: {message}',
  signOut: 'Sign out',
};

export type MessageKey = keyof typeof en;

const nl: Record<MessageKey, string> = {
  appTitle: 'Retouren',
  language: 'Taal',
  stepOf: 'Stap {n} van 4',
  skipToContent: 'Naar de inhoud',
  signInTitle: 'Start een retour',
  signInIntro: 'Zoek je bestelling met het bestelnummer uit je bevestigingsmail.',
  orderNumber: 'Bestelnummer',
  email: 'E-mailadres',
  findOrder: 'Zoek mijn bestelling',
  haveAccount: 'Ik heb een accounttoken',
  token: 'Klanttoken',
  tokenHint: 'Plak het token dat je winkelaccount je gaf.',
  useToken: 'Verder met mijn token',
  orderNotFound: 'We vinden geen bestelling met dit nummer en e-mailadres.',
  tokenOrderNotFound: 'Met dit token is er geen bestelling met dit nummer.',
  signingIn: 'Je bestelling wordt opgezocht…',
  itemsTitle: 'Wat stuur je terug?',
  order: 'Bestelling {orderNumber}, geplaatst op {date}',
  returnThis: '{name} terugsturen',
  unitPrice: '{price} per stuk',
  returnableUntil: 'Terugsturen kan tot {date}',
  quantity: 'Aantal',
  reason: 'Waarom stuur je het terug?',
  note: 'Toelichting',
  noteOptional: 'Toelichting (optioneel)',
  noteRequired: 'Vertel ons iets meer bij deze reden.',
  resolution: 'Wat wil je?',
  REFUND: 'Geld terug',
  STORE_CREDIT: 'Tegoed',
  EXCHANGE: 'Ruilen',
  exchangeSku: 'Artikel (SKU) dat je ervoor terug wilt',
  exchangeSkuRequired: 'Vul het artikel in dat je ervoor terug wilt.',
  reasonRequired: 'Kies een reden voor {name}.',
  nothingSelected: 'Kies minstens één artikel om terug te sturen.',
  cannotReturn: 'Kan niet terug: {reason}',
  ALREADY_RETURNED: 'al teruggestuurd',
  NON_RETURNABLE_CATEGORY: 'dit soort artikel kan niet terug',
  WINDOW_EXPIRED: 'de retourtermijn is op {date} verlopen',
  quoteTitle: 'Je terugbetaling',
  subtotal: 'Artikelen',
  restockingFee: 'Verwerkingskosten',
  returnShipping: 'Retourverzending',
  shippingFree: 'Gratis',
  shippingByMethod: 'Hangt af van de methode (volgende stap)',
  estimatedRefund: 'Geschatte terugbetaling',
  quoteUpdating: 'Je terugbetaling wordt bijgewerkt…',
  quoteUpdated: 'Geschatte terugbetaling: {amount}',
  continue: 'Verder',
  requesting: 'Je retouraanvraag wordt verstuurd…',
  methodTitle: 'Hoe stuur je het terug?',
  awaitingApproval: 'Je retour {rma} wacht op goedkeuring. Deze pagina werkt zichzelf bij.',
  rejected: 'Je retour {rma} is niet goedgekeurd.',
  noOptions: 'Er is geen retourmethode beschikbaar voor deze retour. Neem contact op met de winkel.',
  fee: 'Kosten',
  co2e: '{kg} kg CO₂e',
  emissions: 'Uitstoot',
  refundTiming: 'Terugbetaling',
  nearest: 'Dichtstbijzijnde locaties',
  chooseLocation: 'Kies een locatie',
  chooseWindow: 'Kies een ophaalmoment',
  openingHours: 'Open: {hours}',
  distance: '{km} hiervandaan',
  confirmMethod: 'Bevestigen',
  chooseMethod: 'Kies een retourmethode.',
  booking: 'Je retourmethode wordt geboekt…',
  bookingFailed: 'Boeken mislukt: {reason}',
  chooseAgain: 'Kies een andere methode',
  CARRIER_DROP_OFF: 'Afgeven bij een pakketpunt',
  LOCKER: 'Pakketkluis',
  STORE_DROP_OFF: 'Afgeven in de winkel',
  HOME_PICKUP: 'Thuis ophalen',
  RETURNLESS: 'Houd het artikel',
  byCarrier: 'met {carrier}',
  timingScan: 'zodra het pakket bij het afgeven is gescand',
  timingCollect: 'zodra de koerier het pakket ophaalt',
  timingInspected: 'nadat het artikel is ontvangen en gecontroleerd',
  timingImmediate: 'meteen; houd, doneer of recycle het artikel',
  confirmationTitle: 'Je retour is geboekt',
  completedTitle: 'Je retour is afgerond',
  closedTitle: 'Je retour is gesloten',
  rma: 'Retournummer',
  dropOffCode: 'Afgiftecode',
  qrAlt: 'QR-code voor {value}',
  showAtDropOff: 'Laat deze code of QR-code zien bij het afgiftepunt.',
  label: 'Download het verzendlabel (pdf)',
  tracking: 'Trackingnummer',
  reference: 'Referentie',
  pickupWindow: 'Ophaalmoment',
  location: 'Locatie',
  validUntil: 'Gebruiken vóór',
  keepItem: 'Je mag het artikel houden. Je terugbetaling komt eraan.',
  statusTitle: 'Status van je retour',
  status: 'Status',
  refund: 'Terugbetaling',
  refundOf: '{amount} ({status})',
  updatedAt: 'Laatst bijgewerkt {date}',
  startAnother: 'Iets anders terugsturen',
  REQUESTED: 'Aangevraagd',
  APPROVED: 'Goedgekeurd',
  REJECTED: 'Niet goedgekeurd',
  AWAITING_DROP_OFF: 'Wacht op afgifte',
  IN_TRANSIT: 'Onderweg',
  RECEIVED: 'Ontvangen',
  INSPECTED: 'Gecontroleerd',
  COMPLETED: 'Afgerond',
  CANCELLED: 'Geannuleerd',
  EXPIRED: 'Verlopen',
  storeCreditCode: 'Tegoedcode',
  refund_QUOTED: 'geschat',
  refund_REQUESTED: 'terugbetaling aangevraagd, wacht op de winkel',
  refund_ISSUED: 'terugbetaald',
  refund_FAILED: 'de winkel kon nog niet betalen; het wordt opnieuw geprobeerd',
  refund_NONE: 'niets terug te betalen',
  credit_QUOTED: 'geschat',
  credit_REQUESTED: 'aangevraagd, wacht op de winkel',
  credit_ISSUED: 'uitgegeven',
  credit_FAILED: 'de winkel kon het nog niet uitgeven; het wordt opnieuw geprobeerd',
  credit_NONE: 'geen',
  ev_RETURN_REQUESTED: 'Retour aangevraagd',
  ev_RETURN_APPROVED: 'Retour goedgekeurd',
  ev_RETURN_REJECTED: 'Retour niet goedgekeurd',
  ev_METHOD_SELECTED: 'Retourmethode gekozen',
  ev_METHOD_BOOKED: 'Retourmethode geboekt',
  ev_METHOD_BOOKING_FAILED: 'Boeken mislukt',
  ev_PARCEL_SCANNED: 'Pakket afgegeven',
  ev_PARCEL_IN_TRANSIT: 'Pakket onderweg',
  ev_PARCEL_DELIVERED: 'Pakket aangekomen bij het magazijn',
  ev_ITEMS_RECEIVED: 'Artikelen ontvangen',
  ev_ITEMS_MARKED_MISSING: 'Artikelen ontbraken in het pakket',
  ev_ITEM_INSPECTED: 'Artikel gecontroleerd',
  ev_INSPECTION_FINISHED: 'Controle afgerond',
  ev_ITEM_SPLIT: 'Artikel in delen verwerkt',
  ev_DISPOSITION_SET: 'Artikel verwerkt',
  ev_REFUND_REQUESTED: 'Terugbetaling aangevraagd bij de winkel',
  ev_PAYOUT_CONFIRMED: 'Betaling bevestigd door de winkel',
  ev_PAYOUT_FAILED: 'De winkel kon de terugbetaling niet doen',
  ev_PAYOUT_RETRIED: 'Terugbetaling opnieuw naar de winkel gestuurd',
  ev_REFUND_ISSUED: 'Terugbetaling gedaan',
  ev_RETURN_COMPLETED: 'Retour afgerond',
  ev_RETURN_CANCELLED: 'Retour geannuleerd',
  ev_RETURN_EXPIRED: 'Retour verlopen',
  error: 'Er ging iets mis: {message}',
  signOut: 'Afmelden',
};

/** Reason labels by code (the API's labels are English only). */
const REASONS: Record<Language, Record<string, string>> = {
  en: {
    SIZE_TOO_SMALL: 'Too small', SIZE_TOO_LARGE: 'Too large', NOT_AS_DESCRIBED: 'Not as described', DEFECTIVE: 'Defective',
    DAMAGED_IN_TRANSIT: 'Damaged in transit', WRONG_ITEM: 'Wrong item', CHANGED_MIND: 'Changed my mind', ARRIVED_LATE: 'Arrived late',
    STYLE: 'Don\'t like the style', QUALITY: 'Quality', OTHER: 'Other',
  },
  nl: {
    SIZE_TOO_SMALL: 'Te klein', SIZE_TOO_LARGE: 'Te groot', NOT_AS_DESCRIBED: 'Niet zoals beschreven', DEFECTIVE: 'Defect',
    DAMAGED_IN_TRANSIT: 'Beschadigd bij levering', WRONG_ITEM: 'Verkeerd artikel', CHANGED_MIND: 'Bedacht me', ARRIVED_LATE: 'Te laat geleverd',
    STYLE: 'Stijl bevalt niet', QUALITY: 'Kwaliteit', OTHER: 'Anders',
  },
};

export const LANGUAGES = { en: 'English', nl: 'Nederlands' } as const;
export type Language = keyof typeof LANGUAGES;
const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, nl };
const DEFAULT_REGION: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL' };

/** The browser's first preferred language the portal speaks, else English. */
export function browserLanguage(preferred: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base in LANGUAGES) return base as Language;
  }
  return 'en';
}

/** The Intl locale for a language: the browser's own tag when it is that language (en-US, nl-BE), else a default. */
function localeFor(language: Language): string {
  const own = (navigator.languages ?? [navigator.language]).find((tag) => tag.toLowerCase().split('-')[0] === language && tag.includes('-'));
  return own ?? DEFAULT_REGION[language];
}

/** Texts and formatters of one language. */
export interface I18n {
  language: Language;
  locale: string;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A key that may not exist (an event type the API added later): its text, else `fallback`. */
  maybe(key: string, fallback: string): string;
  reason(code: string, fallback?: string): string;
  money(value: { amount: string; currencyCode: string }): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  number(value: number, digits?: number): string;
  km(value: number): string;
}

export function makeI18n(language: Language): I18n {
  const locale = localeFor(language);
  const messages = MESSAGES[language];
  const fill = (text: string, values: Record<string, string | number> = {}) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const kmFormat = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 });
  return {
    language,
    locale,
    t: (key, values) => fill(messages[key], values),
    maybe: (key, fallback) => (key in messages ? messages[key as MessageKey] : fallback),
    reason: (code, fallback) => REASONS[language][code] ?? fallback ?? code,
    // Amounts are decimal strings in the currency's precision: a Number is exact enough to display them.
    money: ({ amount, currencyCode }) => new Intl.NumberFormat(locale, { style: 'currency', currency: currencyCode }).format(Number(amount)),
    date: (iso) => dateFormat.format(new Date(iso)),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    number: (value, digits = 1) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
    km: (value) => kmFormat.format(value),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en'));

/** The current language's texts and formatters. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
