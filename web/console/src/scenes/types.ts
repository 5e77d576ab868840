/**
 * A signing scene (签约场景) as the API gives it, and its settings as the form sends them: the wire
 * contract (src/http/wire/scenes.ts), typed from the route schemas.
 */
export type { Scene, SceneSettings } from '../wire';
