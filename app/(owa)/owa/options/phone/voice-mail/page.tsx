import { VoiceMailPage } from "@/components/owa/voice-mail-page";

export default function VoiceMail() {
  return <VoiceMailPage />;
}
