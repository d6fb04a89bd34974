/**
 * A test Worker (workerd via miniflare) that runs the runtime-matrix scenario with the BUILT
 * client and control-plane bundles against the BUILT emulator bundle hosted in the same isolate.
 */
import * as client from "../../../dist/bundle/confluent-sql.mjs";
import * as emulator from "../../../dist/bundle/emulator.mjs";
import * as controlPlaneBundle from "../../../dist/bundle/control-plane.mjs";
import { runInProcess } from "../scenario.mjs";

export default {
  async fetch(request) {
    if (new URL(request.url).pathname !== "/scenario") return new Response("not found", { status: 404 });
    const result = await runInProcess(client, emulator, controlPlaneBundle, { runtime: "workerd" });
    return Response.json(result);
  },
};
