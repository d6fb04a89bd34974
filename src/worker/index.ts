/**
 * The Cloudflare Worker: query endpoint, authenticated sql/v1 proxy, playground.
 */
export default {
  async fetch(): Promise<Response> {
    return new Response("not yet", { status: 503 });
  },
};
