/*
 * Return codes shared by every layer (nginx's idea): a function returns one
 * of these and, where a user must be told why, fills a struct rb_err.
 */
#ifndef RB_CORE_RC_H
#define RB_CORE_RC_H

#define RB_OK 0
#define RB_ERROR -1    /* internal failure, logged; becomes a 500 */
#define RB_DECLINED -2 /* not found / not applicable; never an error */
#define RB_INVALID -3  /* the client's input is wrong; becomes a 400/422 */
#define RB_CONFLICT -4 /* a business rule says no (stock, state); a 409 */
#define RB_TOOBIG -5   /* the client's input exceeds a size limit; a 413 */
#define RB_UNSUPPORTED -6 /* the body's media type is not accepted; a 415 */

#endif
