/*
 * Every SQL statement the application runs, in one X-macro table: prepared
 * once per connection (at connect and after a reconnect) so a typo fails
 * the first test, not the first customer. SQL text lives nowhere else.
 * X(name, sql, number of parameters)
 */
#ifndef RB_DB_STATEMENTS_H
#define RB_DB_STATEMENTS_H

#define RB_STATEMENTS(X)                                                     \
	X(PING, "SELECT 1", 0)                                               \
	X(MARKETS_ALL,                                                       \
	    "SELECT code, country, currency, locale, vat_rate_bp, "          \
	    "       prices_include_vat, return_days, name, language_name, "  \
	    "       active "                                                 \
	    "  FROM markets ORDER BY position, code",                       \
	    0)

enum rb_stmt {
#define RB_STMT_ENUM(name, sql, n) RB_STMT_##name,
	RB_STATEMENTS(RB_STMT_ENUM)
#undef RB_STMT_ENUM
	RB_STMT_COUNT
};

#endif
