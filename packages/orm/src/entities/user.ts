import { defineEntity, p } from "@mikro-orm/core";
import { createdAt } from "./columns.js";

/** A person or service account that owns exchange accounts and bots. */
export const UserEntity = defineEntity({
  name: "User",
  tableName: "users",
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().unique(),
    email: p.string().nullable(),
    createdAt: createdAt(),
  },
});
