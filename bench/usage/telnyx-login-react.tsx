// telnyx-login core + the React adapter. React itself is external in every bundle (a peer dependency).
import { createRoot } from 'react-dom/client';
import { appLogin } from './telnyx-login-controller.ts';
import { LoginProvider, useLogin } from '../../src/react/index.tsx';

const login = appLogin(['numbers.read']);

function Account() {
  const { state, signIn, signOut, getAccessToken, fetch } = useLogin();
  if (state.status !== 'signed-in') return <button onClick={() => void signIn()}>Sign in</button>;
  const load = async () => {
    console.log((await getAccessToken()).length);
    console.log(await (await fetch('https://api.telnyx.com/v2/phone_numbers')).json());
  };
  const leave = async () => {
    // Telnyx has no revocation endpoint: the grant lives on until the user ends it in the portal.
    if ((await signOut()).revocation === 'unsupported') console.info('Signed out here; end the grant in the Telnyx portal');
  };
  return (
    <>
      <button onClick={() => void load()}>Load numbers</button>
      <button onClick={() => void leave()}>Sign out</button>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <LoginProvider login={login}>
    <Account />
  </LoginProvider>,
);
