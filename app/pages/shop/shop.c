#include "core/ctx.h"
#include "domain/market.h"
#include "http/request.h"
#include "pages/shop/shop.h"

int
shop_market(struct rb_ctx *ctx, struct rb_request *req,
    const struct rb_market **m)
{
	if (market_table_load(ctx) != RB_OK)
		return RB_ERROR;
	*m = market_find(ctx->markets, rb_request_param(req, "m"));
	return *m != NULL ? RB_OK : RB_DECLINED;
}

struct user_origin
shop_origin(const struct rb_request *req)
{
	/* REMOTE_ADDR is nginx's peer, never a client's header. */
	return (struct user_origin){
		req->remote_addr.len > 0 ? req->remote_addr.ptr : NULL,
		req->user_agent.ptr,
	};
}
