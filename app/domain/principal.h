/*
 * Who a request acts as: a signed-in user (through a session or an API
 * token) with their roles. Read from the principals view.
 */
#ifndef RB_DOMAIN_PRINCIPAL_H
#define RB_DOMAIN_PRINCIPAL_H

#include <stdbool.h>
#include <stdint.h>

/* What an API token may do (api_tokens.scopes). */
#define RB_SCOPE_READ 0x1u
#define RB_SCOPE_ORDERS 0x2u
#define RB_SCOPE_LISTINGS 0x4u

struct rb_user {
	int64_t id; /* 0: anonymous */
	char email[256];
	char name[128];
	bool is_admin;
	int64_t seller_id; /* an approved seller the user belongs to, or 0 */
	char seller_role[8]; /* "owner", "staff" or "" */
};

#endif
