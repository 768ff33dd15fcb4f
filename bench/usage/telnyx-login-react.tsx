// telnyx-login core + the React adapter. React itself is external in every bundle (a peer dependency).
import { createRoot } from 'react-dom/client';
import { login } from './telnyx-login-controller.ts';
import { LoginProvider, useLogin } from '../../src/react.tsx';

function Account() {
  const { state, signIn, signOut, getAccessToken, fetch } = useLogin();
  if (state.status !== 'signed-in') return <button onClick={() => void signIn()}>Sign in</button>;
  const load = async () => {
    console.log((await getAccessToken()).length);
    console.log(await (await fetch('https://api.telnyx.com/v2/oauth_grants')).json());
  };
  return (
    <>
      <button onClick={() => void load()}>Load grants</button>
      <button onClick={() => void signOut()}>Sign out {state.user?.name}</button>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <LoginProvider login={login}>
    <Account />
  </LoginProvider>,
);
