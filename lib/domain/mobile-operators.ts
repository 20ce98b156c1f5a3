// Text-messaging locales and their mobile operators, as the OWA wizard offers them. Data, not
// code: a new country is a new entry. `region` is the ISO 3166 code used to read a phone number
// typed without a country code. (Exchange used per-operator email-to-SMS gateways; those are
// mostly shut down, so the operator is kept for the user's reference and support, and texts go
// through the configured SMS provider.)

export interface TextMessagingLocale {
  id: string;
  name: string;
  region: string;
  operators: readonly string[];
}

export const TEXT_MESSAGING_LOCALES: readonly TextMessagingLocale[] = [
  { id: "en-US", name: "United States", region: "US", operators: ["AT&T", "T-Mobile", "Verizon", "US Cellular", "Other"] },
  { id: "en-CA", name: "Canada", region: "CA", operators: ["Bell", "Rogers", "TELUS", "Freedom Mobile", "Other"] },
  { id: "en-GB", name: "United Kingdom", region: "GB", operators: ["EE", "O2", "Three", "Vodafone", "Other"] },
  { id: "en-IE", name: "Ireland", region: "IE", operators: ["Eir", "Three", "Vodafone", "Other"] },
  { id: "de-DE", name: "Deutschland", region: "DE", operators: ["Telekom", "Vodafone", "O2 (Telefónica)", "Other"] },
  { id: "fr-FR", name: "France", region: "FR", operators: ["Orange", "SFR", "Bouygues Telecom", "Free Mobile", "Other"] },
  { id: "nl-NL", name: "Nederland", region: "NL", operators: ["KPN", "Odido", "Vodafone", "Other"] },
  { id: "es-ES", name: "España", region: "ES", operators: ["Movistar", "Orange", "Vodafone", "Other"] },
  { id: "it-IT", name: "Italia", region: "IT", operators: ["TIM", "Vodafone", "WindTre", "Iliad", "Other"] },
  { id: "en-AU", name: "Australia", region: "AU", operators: ["Telstra", "Optus", "Vodafone", "Other"] },
  { id: "ja-JP", name: "日本", region: "JP", operators: ["NTT docomo", "au (KDDI)", "SoftBank", "Rakuten Mobile", "Other"] },
  { id: "en-IN", name: "India", region: "IN", operators: ["Jio", "Airtel", "Vi", "BSNL", "Other"] },
];

export function findLocale(id: string): TextMessagingLocale | undefined {
  return TEXT_MESSAGING_LOCALES.find((l) => l.id === id);
}
