// Shows the widget's lkw-consent events ({given, remembered}) as the practice's page would see
// them (e.g. to record that consent was given before a call).
const log = document.getElementById('consent-events');
document.getElementById('praxis').addEventListener('lkw-consent', (event) => {
  const item = document.createElement('li');
  item.textContent = JSON.stringify(event.detail);
  log.append(item);
});
