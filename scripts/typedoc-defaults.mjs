// A TypeDoc plugin (typedoc.json "plugin"): every public option documents its default, as scikit-learn's
// docstrings do. An option is a property of an exported interface or object type named *Params or *Limits (every
// property) or *Options (every optional property); one without `@defaultValue` is a warning,
// and typedoc.json treats warnings as errors, so `pnpm docs` fails on it.
import { Application, ReflectionKind } from 'typedoc';

const OPTION_TYPES = /(Params|Options|Limits)$/;

/** The properties of an interface, or of a type alias to an object type. */
function propertiesOf(reflection) {
  if (reflection.kindOf(ReflectionKind.Interface)) return reflection.children ?? [];
  const declaration = reflection.type?.type === 'reflection' ? reflection.type.declaration : undefined;
  return declaration?.children ?? [];
}

export function load(app) {
  // at validation, beside TypeDoc's own notDocumented check, so that one run lists both
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const seen = new Set();
    const kinds = ReflectionKind.Interface | ReflectionKind.TypeAlias;
    for (const reflection of project.getReflectionsByKind(kinds)) {
      if (!OPTION_TYPES.test(reflection.name)) continue;
      const everyProperty = /(Params|Limits)$/.test(reflection.name);
      for (const property of propertiesOf(reflection)) {
        if (!property.kindOf(ReflectionKind.Property)) continue;
        if (!everyProperty && !property.flags.isOptional) continue;
        if (property.comment?.getTag('@defaultValue')) continue;
        const where = property.sources?.[0];
        const key = `${reflection.name}.${property.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        app.logger.warn(
          `${key} has no @defaultValue${where ? ` (${where.fileName}:${where.line})` : ''}: say what it defaults to`,
        );
      }
    }
  });
}
