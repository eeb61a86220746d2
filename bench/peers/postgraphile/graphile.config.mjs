// PostGraphile as a production deployment would run it: its default preset over the service's own table, no
// GraphiQL, no schema watching, no query plans in responses. DATABASE_URL is the benchmark's PostgreSQL.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ["public"] })],
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
};
