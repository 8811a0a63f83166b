/**
 * What the harness answers a page request that carries neither its key nor a live client's
 * cookie: no app, just what to do, in Russian and Belarusian (a static page: the CSP allows no
 * inline script or style, and the renderer's texts are not loaded here).
 */
export const NO_KEY_PAGE = `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Окно</title>
</head>
<body>
<main>
<h1>Откройте адрес, который напечатало «Окно»</h1>
<p>Страница открыта без ключа доступа или вход устарел. Откройте в браузере полный адрес из окна, где запущено «Окно»: строку «Okno is listening on http://127.0.0.1:…/?key=…». Если это окно закрыто, запустите «Окно» снова и откройте новый адрес.</p>
<p>Адрес с ключом — только для вас: не пересылайте его и не открывайте его под чужой учётной записью компьютера.</p>
<hr>
<section lang="be">
<h1>Адкрыйце адрас, які надрукавала праграма «Окно»</h1>
<p>Старонка адкрыта без ключа доступу або ўваход састарэў. Адкрыйце ў браўзеры поўны адрас з акна, дзе запушчана «Окно»: радок «Okno is listening on http://127.0.0.1:…/?key=…». Калі гэтае акно зачынена, запусціце «Окно» зноў і адкрыйце новы адрас.</p>
<p>Адрас з ключом — толькі для вас: не перасылайце яго і не адкрывайце яго пад чужым уліковым запісам камп’ютара.</p>
</section>
</main>
</body>
</html>
`;
