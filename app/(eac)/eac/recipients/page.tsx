import { redirect } from "next/navigation";

export default function Recipients() {
  redirect("/eac/recipients/mailboxes");
}
