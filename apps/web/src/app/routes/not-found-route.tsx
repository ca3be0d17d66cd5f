import { Link } from 'react-router';
import { paths } from '../../lib/paths.js';

export function NotFoundRoute() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link to={paths.templateBuilder}>Go to the Template Builder</Link>
      </p>
    </section>
  );
}
