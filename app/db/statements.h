/*
 * Every SQL statement the application runs, in one X-macro table: prepared
 * once per connection (at connect and after a reconnect) so a typo fails
 * the first test, not the first customer. SQL text lives nowhere else.
 * X(name, sql, number of parameters)
 */
#ifndef RB_DB_STATEMENTS_H
#define RB_DB_STATEMENTS_H

#include "db/statements_catalog.h"

#define RB_STATEMENTS(X)                                                     \
	X(PING, "SELECT 1", 0)                                               \
	X(MARKETS_ALL,                                                       \
	    "SELECT code, country, currency, locale, vat_rate_bp, "          \
	    "       prices_include_vat, return_days, name, language_name, "  \
	    "       active "                                                 \
	    "  FROM markets ORDER BY position, code",                       \
	    0)                                                               \
	X(SESSION_GET,                                                       \
	    "SELECT s.user_id, extract(epoch FROM s.created_at)::bigint, "   \
	    "       extract(epoch FROM s.last_seen_at)::bigint, "            \
	    "       extract(epoch FROM s.expires_at)::bigint, s.csrf_token, " \
	    "       p.email, p.name, p.is_admin, p.seller_id, p.seller_role " \
	    "  FROM sessions s LEFT JOIN principals p ON p.id = s.user_id "  \
	    " WHERE s.id_hash = $1 AND s.expires_at > now()",                \
	    1)                                                               \
	X(SESSION_INSERT,                                                    \
	    "INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, " \
	    "       ip, user_agent) "                                        \
	    "VALUES ($1, $2, $3, now() + make_interval(days => $4::int), "   \
	    "       $5, left($6, 300))",                                     \
	    6)                                                               \
	X(SESSION_TOUCH,                                                     \
	    "UPDATE sessions SET last_seen_at = now() "                      \
	    " WHERE id_hash = $1 AND expires_at > now()",                    \
	    1)                                                               \
	X(SESSION_DELETE,                                                    \
	    "DELETE FROM sessions WHERE id_hash = $1", 1)                    \
	X(SESSION_DELETE_USER_OTHERS,                                        \
	    "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2 "     \
	    "RETURNING encode(id_hash, 'hex')",                              \
	    2)                                                               \
	X(SESSION_LIST_USER,                                                 \
	    "SELECT encode(id_hash, 'hex'), "                                \
	    "       to_char(created_at, 'YYYY-MM-DD HH24:MI'), "             \
	    "       to_char(last_seen_at, 'YYYY-MM-DD HH24:MI'), "           \
	    "       coalesce(host(ip), ''), user_agent "                     \
	    "  FROM sessions WHERE user_id = $1 AND expires_at > now() "     \
	    " ORDER BY last_seen_at DESC LIMIT 50",                          \
	    1)                                                               \
	X(USER_INSERT,                                                       \
	    "INSERT INTO users (email, name, password_hash, is_admin) "      \
	    "VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING "        \
	    "RETURNING id",                                                  \
	    4)                                                               \
	X(USER_BY_EMAIL,                                                     \
	    "SELECT id, password_hash FROM users WHERE email = $1", 1)       \
	X(USER_BY_ID,                                                        \
	    "SELECT email, name, password_hash FROM users WHERE id = $1", 1) \
	X(USER_SET_PASSWORD,                                                 \
	    "UPDATE users SET password_hash = $2, updated_at = now() "       \
	    " WHERE id = $1",                                                \
	    2)                                                               \
	X(USER_SET_PROFILE,                                                  \
	    "UPDATE users SET name = $2, email = $3, updated_at = now() "    \
	    " WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users o "          \
	    "       WHERE o.email = $3 AND o.id <> $1)",                     \
	    3)                                                               \
	X(THROTTLE_BLOCKED,                                                  \
	    "SELECT ceil(extract(epoch FROM blocked_until - now()))::int "   \
	    "  FROM login_throttle "                                         \
	    " WHERE email = $1 AND blocked_until > now()",                   \
	    1)                                                               \
	X(THROTTLE_FAIL,                                                     \
	    "INSERT INTO login_throttle AS t (email, failures) "             \
	    "VALUES ($1, 1) "                                                \
	    "ON CONFLICT (email) DO UPDATE SET "                             \
	    " failures = CASE WHEN t.last_failure < now() - interval '1 hour' " \
	    "            THEN 1 ELSE t.failures + 1 END, "                   \
	    " last_failure = now(), "                                        \
	    " blocked_until = CASE "                                         \
	    "   WHEN t.last_failure >= now() - interval '1 hour' "           \
	    "    AND t.failures + 1 >= $2::int "                             \
	    "   THEN now() + make_interval(secs => least(900, "              \
	    "        30 * power(2, t.failures + 1 - $2::int))) END",         \
	    2)                                                               \
	X(THROTTLE_CLEAR, "DELETE FROM login_throttle WHERE email = $1", 1)  \
	X(TOKEN_AUTH,                                                        \
	    "SELECT t.id, array_to_string(t.scopes, ' '), p.id, p.email, "   \
	    "       p.name, p.is_admin, p.seller_id, p.seller_role "         \
	    "  FROM api_tokens t JOIN principals p ON p.id = t.user_id "     \
	    " WHERE t.token_hash = $1 AND t.revoked_at IS NULL",             \
	    1)                                                               \
	X(TOKEN_USED,                                                        \
	    "UPDATE api_tokens SET last_used_at = now() WHERE id = $1 "      \
	    "   AND (last_used_at IS NULL "                                  \
	    "        OR last_used_at < now() - interval '1 minute')",        \
	    1)                                                               \
	X(TOKEN_INSERT,                                                      \
	    "INSERT INTO api_tokens (user_id, name, token_hash, scopes) "    \
	    "VALUES ($1, $2, $3, string_to_array($4, ' ')) RETURNING id",    \
	    4)                                                               \
	X(TOKEN_LIST,                                                        \
	    "SELECT id, name, array_to_string(scopes, ' '), "                \
	    "       to_char(created_at, 'YYYY-MM-DD HH24:MI'), "             \
	    "       coalesce(to_char(last_used_at, 'YYYY-MM-DD HH24:MI'), '') " \
	    "  FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL "   \
	    " ORDER BY created_at DESC, id DESC LIMIT 100",                  \
	    1)                                                               \
	X(TOKEN_REVOKE,                                                      \
	    "UPDATE api_tokens SET revoked_at = now() "                      \
	    " WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",        \
	    2)                                                               \
	X(AUTH_EVENT,                                                        \
	    "INSERT INTO auth_events (user_id, event, email, ip, user_agent) " \
	    "VALUES ($1, $2, $3, $4, left($5, 300))",                        \
	    5)                                                               \
	X(TX_BEGIN, "BEGIN", 0)                                              \
	X(TX_COMMIT, "COMMIT", 0)                                            \
	X(TX_ROLLBACK, "ROLLBACK", 0)                                        \
	X(EMAIL_INSERT,                                                      \
	    "INSERT INTO emails (to_address, subject, body_text, body_html, " \
	    "       template) VALUES ($1, $2, $3, $4, $5) RETURNING id",     \
	    5)                                                               \
	X(EMAIL_LATEST,                                                      \
	    "SELECT id, to_address, subject, template, "                     \
	    "       to_char(created_at, 'YYYY-MM-DD HH24:MI:SS'), "          \
	    "       coalesce(to_char(sent_at, 'YYYY-MM-DD HH24:MI:SS'), ''), " \
	    "       body_text "                                              \
	    "  FROM emails ORDER BY created_at DESC, id DESC LIMIT 50",      \
	    0)                                                               \
	X(RESET_ACCOUNT,                                                     \
	    "SELECT u.id, u.name, (SELECT count(*) FROM password_resets r "  \
	    "        WHERE r.user_id = u.id "                                \
	    "          AND r.created_at > now() - interval '1 hour') "       \
	    "  FROM users u WHERE u.email = $1",                             \
	    1)                                                               \
	X(RESET_INSERT,                                                      \
	    "INSERT INTO password_resets (token_hash, user_id, expires_at) " \
	    "VALUES ($1, $2, now() + interval '1 hour')",                    \
	    2)                                                               \
	X(RESET_LIVE,                                                        \
	    "SELECT r.user_id, u.email FROM password_resets r "              \
	    "  JOIN users u ON u.id = r.user_id "                            \
	    " WHERE r.token_hash = $1 AND r.used_at IS NULL "                \
	    "   AND r.expires_at > now()",                                   \
	    1)                                                               \
	X(RESET_USE,                                                         \
	    "WITH r AS (UPDATE password_resets SET used_at = now() "         \
	    "            WHERE token_hash = $1 AND used_at IS NULL "         \
	    "              AND expires_at > now() RETURNING user_id) "       \
	    "UPDATE users u SET password_hash = $2, updated_at = now() "     \
	    "  FROM r WHERE u.id = r.user_id RETURNING u.id, u.email",       \
	    2)                                                               \
	X(RESET_CLOSE_USER,                                                  \
	    "UPDATE password_resets SET used_at = now() "                    \
	    " WHERE user_id = $1 AND used_at IS NULL",                       \
	    1)                                                               \
	X(USER_LOCK, "SELECT id FROM users WHERE id = $1 FOR UPDATE", 1)     \
	X(ADDRESS_LIST,                                                      \
	    "SELECT id, full_name, line1, line2, city, postal_code, region, " \
	    "       country, phone "                                         \
	    "  FROM addresses WHERE user_id = $1 ORDER BY id LIMIT 100",     \
	    1)                                                               \
	X(ADDRESS_INSERT,                                                    \
	    "INSERT INTO addresses (user_id, full_name, line1, line2, city, " \
	    "       postal_code, region, country, phone) "                   \
	    "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 "                     \
	    " WHERE (SELECT count(*) FROM addresses WHERE user_id = $1) "    \
	    "       < $10::int "                                             \
	    "RETURNING id",                                                  \
	    10)                                                              \
	X(ADDRESS_UPDATE,                                                    \
	    "UPDATE addresses SET full_name = $3, line1 = $4, line2 = $5, "  \
	    "       city = $6, postal_code = $7, region = $8, country = $9, " \
	    "       phone = $10 "                                            \
	    " WHERE id = $1 AND user_id = $2",                               \
	    10)                                                              \
	X(ADDRESS_DELETE,                                                    \
	    "DELETE FROM addresses WHERE id = $1 AND user_id = $2", 2)       \
	X(SESSION_LIST_ACTIVE,                                               \
	    "SELECT encode(id_hash, 'hex'), "                                \
	    "       to_char(created_at, 'YYYY-MM-DD HH24:MI'), "             \
	    "       to_char(last_seen_at, 'YYYY-MM-DD HH24:MI'), "           \
	    "       coalesce(host(ip), ''), user_agent "                     \
	    "  FROM sessions WHERE user_id = $1 AND expires_at > now() "     \
	    "   AND last_seen_at > now() - make_interval(mins => $2::int) "  \
	    " ORDER BY last_seen_at DESC LIMIT 50",                          \
	    2)                                                               \
	X(SELLER_ENSURE,                                                     \
	    "WITH n AS (INSERT INTO sellers (name, slug, status) "           \
	    "           VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING "  \
	    "           RETURNING id) "                                      \
	    "SELECT id FROM n UNION ALL "                                    \
	    "SELECT id FROM sellers WHERE slug = $2 LIMIT 1",                \
	    3)                                                               \
	X(SELLER_MEMBER_ENSURE,                                              \
	    "INSERT INTO seller_members (seller_id, user_id, role) "         \
	    "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",                    \
	    3)                                                               \
	RB_STATEMENTS_CATALOG(X)

enum rb_stmt {
#define RB_STMT_ENUM(name, sql, n) RB_STMT_##name,
	RB_STATEMENTS(RB_STMT_ENUM)
#undef RB_STMT_ENUM
	RB_STMT_COUNT
};

#endif
